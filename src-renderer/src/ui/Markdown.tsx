import katex from 'katex'
import 'katex/dist/katex.min.css'
import { marked } from 'marked'
import { useMemo } from 'react'

/**
 * Renders our own curriculum markdown with KaTeX math ($…$ inline, $$…$$ display). Math is rendered
 * first into placeholders so markdown never mangles it; KaTeX output is trusted (no \href, no HTML).
 */
export function renderMarkdown(source: string): string {
  const math: string[] = []
  const stash = (tex: string, displayMode: boolean) => {
    math.push(katex.renderToString(tex, { displayMode, throwOnError: false, trust: false, output: 'html' }))
    return `@@MATH${math.length - 1}@@`
  }
  // Code (fenced or inline) is left alone: template strings there are full of `$`.
  const withPlaceholders = source
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\$\$([\s\S]+?)\$\$/g, (_m, tex: string) => stash(tex.trim(), true))
            .replace(/(^|[^\\$])\$([^$\n]+?)\$/g, (_m, before: string, tex: string) => before + stash(tex, false))
    )
    .join('')
  const html = marked.parse(withPlaceholders, { async: false, gfm: true }) as string
  return html.replace(/@@MATH(\d+)@@/g, (_m, i: string) => math[Number(i)] ?? '')
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source])
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the source is the app's own curriculum text, rendered by marked and KaTeX
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />
}
