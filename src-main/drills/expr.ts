// The small expression language of the drill bank: arithmetic, comparisons, member access, object literals
// and calls into a fixed set of functions (the simulator engine, the catalog, a little math). No eval: a
// Pratt parser builds a tree and a tree walker evaluates it.

export type Value = number | string | boolean | null | readonly Value[] | { readonly [key: string]: Value }

export type Node =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'ref'; name: string }
  | { k: 'unary'; op: '-' | '!'; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'call'; fn: string; args: Node[] }
  | { k: 'obj'; entries: [string, Node][] }
  | { k: 'arr'; items: Node[] }
  | { k: 'get'; obj: Node; key: Node }

export class ExprError extends Error {}

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|'([^']*)'|"([^"]*)"|(\*\*|<=|>=|==|!=|&&|\|\||[-+*/%^()[\]{},:.?<>!]))/y

type Tok = { t: 'num' | 'id' | 'str' | 'op'; v: string; at: number }

function lex(src: string): Tok[] {
  const out: Tok[] = []
  TOKEN.lastIndex = 0
  const end = src.trimEnd().length
  let at = 0
  while (at < end) {
    TOKEN.lastIndex = at
    const m = TOKEN.exec(src)
    if (!m) throw new ExprError(`unexpected "${src.slice(at).trim()[0]}" at ${at} in: ${src}`)
    const pos = m.index + m[0].length - m[0].trimStart().length
    if (m[1] !== undefined) out.push({ t: 'num', v: m[1], at: pos })
    else if (m[2] !== undefined) out.push({ t: 'id', v: m[2], at: pos })
    else if (m[3] !== undefined || m[4] !== undefined) out.push({ t: 'str', v: m[3] ?? m[4]!, at: pos })
    else out.push({ t: 'op', v: m[5]!, at: pos })
    at = TOKEN.lastIndex
  }
  return out
}

const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  '^': 8,
  '**': 8
}

/** Parses one expression; throws ExprError naming the position. */
export function parseExpr(src: string): Node {
  const toks = lex(src)
  let i = 0
  const peek = () => toks[i]
  const fail = (what: string): never => {
    const tok = toks[i]
    throw new ExprError(`${what} ${tok ? `at "${tok.v}" (${tok.at})` : 'at the end'} in: ${src}`)
  }
  const take = (v: string) => {
    if (peek()?.t === 'op' && peek()!.v === v) return (i++, true)
    return false
  }
  const expect = (v: string) => take(v) || fail(`expected "${v}"`)

  function expression(minPrec = 0): Node {
    let left = unary()
    for (;;) {
      const tok = peek()
      if (tok?.t === 'op' && tok.v === '?' && minPrec === 0) {
        i++
        const a = expression()
        expect(':')
        const b = expression()
        left = { k: 'cond', c: left, a, b }
        continue
      }
      const prec = tok?.t === 'op' ? BINARY[tok.v] : undefined
      if (prec === undefined || prec < minPrec) return left
      i++
      const op = tok!.v === '**' ? '^' : tok!.v
      // ^ is right-associative; the others are left-associative
      left = { k: 'bin', op, a: left, b: op === '^' ? expression(prec) : expression(prec + 1) }
    }
  }
  function unary(): Node {
    if (take('-')) return { k: 'unary', op: '-', a: unaryOperand() }
    if (take('!')) return { k: 'unary', op: '!', a: unaryOperand() }
    return postfix(primary())
  }
  // -2^2 is -(2^2), as in mathematics
  function unaryOperand(): Node {
    const base = unary()
    if (peek()?.t === 'op' && (peek()!.v === '^' || peek()!.v === '**')) {
      i++
      return { k: 'bin', op: '^', a: base, b: expression(BINARY['^']!) }
    }
    return base
  }
  function postfix(node: Node): Node {
    for (;;) {
      if (take('.')) {
        const name = peek()
        if (name?.t !== 'id') fail('expected a field name')
        i++
        node = { k: 'get', obj: node, key: { k: 'str', v: name!.v } }
      } else if (take('[')) {
        node = { k: 'get', obj: node, key: expression() }
        expect(']')
      } else return node
    }
  }
  function primary(): Node {
    const tok = peek()
    if (!tok) return fail('expected a value')
    i++
    if (tok.t === 'num') return { k: 'num', v: Number(tok.v) }
    if (tok.t === 'str') return { k: 'str', v: tok.v }
    if (tok.t === 'id') {
      if (tok.v === 'true' || tok.v === 'false') return { k: 'num', v: tok.v === 'true' ? 1 : 0 }
      if (!take('(')) return { k: 'ref', name: tok.v }
      const args: Node[] = []
      if (!take(')')) {
        do args.push(expression())
        while (take(','))
        expect(')')
      }
      return { k: 'call', fn: tok.v, args }
    }
    if (tok.v === '(') {
      const inner = expression()
      expect(')')
      return inner
    }
    if (tok.v === '[') {
      const items: Node[] = []
      if (!take(']')) {
        do items.push(expression())
        while (take(','))
        expect(']')
      }
      return { k: 'arr', items }
    }
    if (tok.v === '{') {
      const entries: [string, Node][] = []
      if (!take('}')) {
        do {
          const key = peek()
          if (key?.t !== 'id' && key?.t !== 'str') fail('expected a key')
          i++
          // {layers} is short for {layers: layers}
          entries.push([key!.v, take(':') ? expression() : { k: 'ref', name: key!.v }])
        } while (take(','))
        expect('}')
      }
      return { k: 'obj', entries }
    }
    i--
    return fail('expected a value')
  }

  const node = expression()
  if (i < toks.length) fail('unexpected')
  return node
}

export type Functions = Record<string, (...args: Value[]) => Value>

const isRecord = (v: Value): v is { readonly [key: string]: Value } => typeof v === 'object' && v !== null && !Array.isArray(v)

function show(v: Value): string {
  return typeof v === 'string' ? JSON.stringify(v) : isRecord(v) ? 'an object' : String(v)
}

function num(v: Value, what: string): number {
  if (typeof v !== 'number') throw new ExprError(`${what} needs a number (got ${show(v)})`)
  return v
}

/** Evaluates a tree against named values and functions. Member access reads own fields only. */
export function evaluate(node: Node, scope: Readonly<Record<string, Value>>, fns: Functions): Value {
  const ev = (n: Node): Value => evaluate(n, scope, fns)
  switch (node.k) {
    case 'num':
    case 'str':
      return node.v
    case 'ref':
      if (!Object.hasOwn(scope, node.name)) throw new ExprError(`unknown name "${node.name}"`)
      return scope[node.name]!
    case 'unary': {
      const a = ev(node.a)
      return node.op === '-' ? -num(a, 'unary -') : !a
    }
    case 'cond':
      return ev(node.c) ? ev(node.a) : ev(node.b)
    case 'bin': {
      if (node.op === '&&') return ev(node.a) ? ev(node.b) : false
      if (node.op === '||') return ev(node.a) || ev(node.b)
      const a = ev(node.a)
      const b = ev(node.b)
      if (node.op === '==') return a === b
      if (node.op === '!=') return a !== b
      const x = num(a, node.op)
      const y = num(b, node.op)
      switch (node.op) {
        case '+':
          return x + y
        case '-':
          return x - y
        case '*':
          return x * y
        case '/':
          return x / y
        case '%':
          return x % y
        case '^':
          return x ** y
        case '<':
          return x < y
        case '<=':
          return x <= y
        case '>':
          return x > y
        default:
          return x >= y
      }
    }
    case 'call': {
      if (!Object.hasOwn(fns, node.fn)) throw new ExprError(`unknown function "${node.fn}"`)
      return fns[node.fn]!(...node.args.map(ev))
    }
    case 'obj':
      return Object.fromEntries(node.entries.map(([key, value]) => [key, ev(value)]))
    case 'arr':
      return node.items.map(ev)
    case 'get': {
      const obj = ev(node.obj)
      const key = ev(node.key)
      if (typeof key !== 'string' && typeof key !== 'number') throw new ExprError(`a field name must be a string (got ${show(key)})`)
      if ((!isRecord(obj) && !Array.isArray(obj)) || !Object.hasOwn(obj, key)) {
        throw new ExprError(`${show(obj)} has no field "${key}"`)
      }
      return (obj as Record<string, Value>)[key]!
    }
  }
}

/** Every name a tree reads (for checking a template before it runs). */
export function namesIn(node: Node, into = new Set<string>()): Set<string> {
  switch (node.k) {
    case 'ref':
      into.add(node.name)
      break
    case 'unary':
      namesIn(node.a, into)
      break
    case 'bin':
      namesIn(node.a, into)
      namesIn(node.b, into)
      break
    case 'cond':
      for (const n of [node.c, node.a, node.b]) namesIn(n, into)
      break
    case 'call':
      for (const n of node.args) namesIn(n, into)
      break
    case 'obj':
      for (const [, n] of node.entries) namesIn(n, into)
      break
    case 'arr':
      for (const n of node.items) namesIn(n, into)
      break
    case 'get':
      namesIn(node.obj, into)
      namesIn(node.key, into)
      break
  }
  return into
}
