/** What handlers need to know about the curriculum: milestones, and titles for the ids the log keeps. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { DASHBOARDS } from '../../../src-preload/contract'
import { listModules } from '../../grader'
import { AppError } from '../../shared/errors'
import type { CurriculumCatalog, TitleOf } from '../../store'
import type { HandlerContext } from '../context'

const milestonesSchema = z.array(
  z.object({ id: z.string(), title: z.string(), year: z.number(), requires: z.array(z.string()), goal: z.string() })
)
export type Milestone = z.infer<typeof milestonesSchema>[number]

export function readMilestones(ctx: HandlerContext): Milestone[] {
  const path = join(ctx.curriculumRoot, 'milestones', 'milestones.json')
  if (!existsSync(path)) return []
  const parsed = milestonesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) throw new AppError('internal', `milestones.json is malformed: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}

/** Modules, milestones and dashboards in curriculum order, with their titles. */
export function curriculumCatalog(ctx: HandlerContext): CurriculumCatalog {
  return {
    modules: listModules(ctx.curriculumRoot).map((m) => ({ id: m.id, title: m.title })),
    milestones: readMilestones(ctx).map((m) => ({ id: m.id, title: m.title })),
    dashboards: DASHBOARDS.map((d) => ({ id: d.id, title: d.title })),
    chapters: ctx.chapters.list().map((c) => ({ id: c.id, title: c.title }))
  }
}

/** Titles for the activity log's subjects; an id the curriculum no longer has reads as itself. */
export function curriculumTitles(ctx: HandlerContext): TitleOf {
  const catalog = curriculumCatalog(ctx)
  const byKind = {
    module: new Map(catalog.modules.map((m) => [m.id, m.title])),
    milestone: new Map(catalog.milestones.map((m) => [m.id, m.title])),
    dashboard: new Map(catalog.dashboards.map((d) => [d.id, d.title])),
    chapter: new Map(ctx.chapters.list().map((c) => [c.id, c.title]))
  }
  return (kind, id) => byKind[kind].get(id) ?? id
}
