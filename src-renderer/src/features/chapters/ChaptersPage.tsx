import { useRouter } from '../../app/routerStore'
import { splitSubject } from './chaptersStore'
import { Library } from './Library'
import { Notebook } from './Notebook'
import { Reader } from './Reader'
import './chapters.css'

/** `#/chapters` the table of contents; `#/chapters/notebook`; `#/chapters/<vol1/01-x>[/<section>]` the reader. */
export function ChaptersPage() {
  const subject = useRouter((s) => s.subject)
  if (subject === 'notebook') return <Notebook />
  const { id, anchor } = splitSubject(subject)
  return id ? <Reader id={id} anchor={anchor} /> : <Library />
}
