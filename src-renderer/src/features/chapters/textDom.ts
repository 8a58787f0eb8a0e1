/**
 * The chapter body as one string of text and back: offsets in the string map to DOM positions, so the pure
 * anchoring (anchoring.ts) can work on text while highlights are painted on the page.
 */
export interface TextIndex {
  text: string
  nodes: { node: Text; start: number }[]
}

export function textIndex(root: HTMLElement): TextIndex {
  const nodes: { node: Text; start: number }[] = []
  let text = ''
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text
    nodes.push({ node: t, start: text.length })
    text += t.data
  }
  return { text, nodes }
}

/** The offset in the index's text of a DOM position (a text node and offset, or an element and child index). */
export function offsetOf(index: TextIndex, container: Node, offset: number): number | null {
  if (container.nodeType === Node.TEXT_NODE) {
    const hit = index.nodes.find((n) => n.node === container)
    return hit ? hit.start + offset : null
  }
  // An element boundary: the first text node at or after that child.
  const child = container.childNodes[offset] ?? null
  let after: Node | null = child
  if (!after) {
    // past the last child: the text right after the container
    let n: Node | null = container
    while (n && !n.nextSibling) n = n.parentNode
    after = n?.nextSibling ?? null
  }
  if (!after) return index.text.length
  for (const n of index.nodes) {
    if (after === n.node || after.contains(n.node) || after.compareDocumentPosition(n.node) & Node.DOCUMENT_POSITION_FOLLOWING)
      return n.start
  }
  return index.text.length
}

/** Wraps [start, end) of the text in `<mark>` elements (one per text node crossed). */
export function wrapRange(root: HTMLElement, start: number, end: number, make: () => HTMLElement): HTMLElement[] {
  const index = textIndex(root)
  const marks: HTMLElement[] = []
  for (const { node, start: ns } of index.nodes) {
    const ne = ns + node.data.length
    if (ne <= start || ns >= end) continue
    let target = node
    const from = Math.max(0, start - ns)
    const to = Math.min(node.data.length, end - ns)
    if (to <= from || !node.data.slice(from, to).trim()) continue
    if (from > 0) target = target.splitText(from)
    if (to - from < target.data.length) target.splitText(to - from)
    const mark = make()
    target.parentNode!.insertBefore(mark, target)
    mark.appendChild(target)
    marks.push(mark)
  }
  return marks
}

export function unwrapMarks(root: HTMLElement, selector: string): void {
  for (const m of root.querySelectorAll(selector)) m.replaceWith(...m.childNodes)
  root.normalize()
}

/** The nearest section heading (h2/h3 with an id) at or before a node. */
export function sectionOf(root: HTMLElement, node: Node): string {
  const headings = [...root.querySelectorAll<HTMLElement>('h2[id], h3[id]')]
  let found = ''
  for (const h of headings) {
    if (h === node || h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING || h.contains(node)) found = h.id
    else break
  }
  return found
}
