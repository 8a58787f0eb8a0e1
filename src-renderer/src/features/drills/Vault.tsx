import { type FormEvent, useEffect, useMemo, useState } from 'react'
import { useRouter } from '../../app/routerStore'
import { Card, Loading } from '../../ui/components'
import { useDrills } from './drillsStore'

const FACETS = ['track', 'level', 'zone', 'area', 'topic', 'source'] as const
type Facet = (typeof FACETS)[number]

/** Every question, bank and imported: search and filter, open one to practise; import a vault folder. */
export function Vault() {
  const list = useDrills((s) => s.list)
  const load = useDrills((s) => s.loadList)
  const openQuestion = useDrills((s) => s.openQuestion)
  const navigate = useRouter((s) => s.navigate)
  const [query, setQuery] = useState('')
  const [chosen, setChosen] = useState<Partial<Record<Facet | 'chain', string>>>({})
  useEffect(() => void load(), [])
  const values = useMemo(() => {
    const out = {} as Record<Facet | 'chain', string[]>
    for (const f of FACETS) out[f] = [...new Set((list?.entries ?? []).map((e) => e[f]))].sort()
    out.chain = [...new Set((list?.entries ?? []).flatMap((e) => (e.chain ? [e.chain.theme] : [])))].sort()
    return out
  }, [list])
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    return (list?.entries ?? []).filter(
      (e) =>
        FACETS.every((f) => !chosen[f] || e[f] === chosen[f]) &&
        (!chosen.chain || e.chain?.theme === chosen.chain) &&
        words.every((w) => `${e.title} ${e.topic} ${e.area} ${e.zone} ${e.id}`.toLowerCase().includes(w))
    )
  }, [list, query, chosen])
  if (!list) return <Loading label="Loading the question bank…" />
  const practise = async (id: string, source: string) => {
    await openQuestion(source === 'bank' ? `${id}@${Math.floor(Math.random() * 2 ** 31)}` : id)
    navigate('drills', 'practice')
  }
  return (
    <div className="drills-vault">
      <Card title={`Browse ${list.entries.length} questions`}>
        <div className="drill-form">
          <label>
            Search
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="kv cache, roofline, battery…"
              data-testid="vault-search"
            />
          </label>
          {([...FACETS, 'chain'] as const).map((f) => (
            <label key={f}>
              {f}
              <select
                value={chosen[f] ?? ''}
                onChange={(e) => setChosen({ ...chosen, [f]: e.target.value || undefined })}
                data-testid={`vault-filter-${f}`}
              >
                <option value="">all</option>
                {values[f].map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <p className="muted small" role="status" data-testid="vault-count">
          {shown.length} shown
        </p>
        <table className="drill-table" data-testid="vault-table">
          <thead>
            <tr>
              <th>Question</th>
              <th>Track</th>
              <th>Level</th>
              <th>Zone</th>
              <th>Area</th>
              <th>Topic</th>
              <th>
                <span className="sr-only">Practise</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, 300).map((e) => (
              <tr key={e.id}>
                <td>
                  {e.title}
                  {e.chain ? (
                    <span className="muted small">
                      {' '}
                      · {e.chain.theme} {e.chain.step}
                    </span>
                  ) : null}
                  {e.source === 'imported' ? <span className="muted small"> · imported</span> : null}
                </td>
                <td>{e.track}</td>
                <td>{e.level}</td>
                <td>{e.zone}</td>
                <td>{e.area}</td>
                <td>{e.topic}</td>
                <td>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => void practise(e.id, e.source)}
                    aria-label={`Practise ${e.title}`}
                  >
                    Practise
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > 300 ? <p className="muted small">Showing the first 300; narrow the search to see the rest.</p> : null}
      </Card>
      <ImportVault />
    </div>
  )
}

function ImportVault() {
  const list = useDrills((s) => s.list)
  const importing = useDrills((s) => s.importing)
  const imported = useDrills((s) => s.imported)
  const importVault = useDrills((s) => s.importVault)
  const [folder, setFolder] = useState('')
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (folder.trim()) void importVault(folder.trim())
  }
  return (
    <Card title="Import a question vault">
      <p className="muted">
        If you have the curriculum's repository cloned, give its folder: every published question in{' '}
        <code>{'staffml/vault/**/*.yaml'}</code> is copied into your data folder and drilled alongside these. Importing again replaces the
        earlier import.
      </p>
      {list?.vault.source ? (
        <p>
          {list.vault.questions} imported questions from <code>{list.vault.source}</code>.
        </p>
      ) : null}
      {list?.vault.problem ? <p className="error-note">{list.vault.problem}</p> : null}
      <form className="drill-form" onSubmit={onSubmit}>
        <label>
          Folder
          <input
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/home/you/cs249r_book"
            data-testid="vault-folder"
          />
        </label>
        <button type="submit" className="button primary" disabled={importing || !folder.trim()} data-testid="vault-import">
          {importing ? 'Importing…' : 'Import'}
        </button>
      </form>
      {imported ? (
        <div role="status" data-testid="vault-import-result">
          <p>
            Imported {imported.questions} questions; skipped {imported.skipped} files.
          </p>
          {imported.warnings.length ? (
            <ul className="drill-warnings">
              {imported.warnings.map((w, k) => (
                <li key={k}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Card>
  )
}
