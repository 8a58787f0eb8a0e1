/**
 * Where focus goes in a list navigated with the keyboard (the usual tab-list / nav-list pattern): the
 * next or previous entry, wrapping, or the first or last. -1 for any other key.
 */
export function listKeyTarget(key: string, index: number, length: number, orientation: 'vertical' | 'horizontal'): number {
  const [forward, back] = orientation === 'vertical' ? ['ArrowDown', 'ArrowUp'] : ['ArrowRight', 'ArrowLeft']
  if (key === forward) return (index + 1) % length
  if (key === back) return (index - 1 + length) % length
  if (key === 'Home') return 0
  if (key === 'End') return length - 1
  return -1
}
