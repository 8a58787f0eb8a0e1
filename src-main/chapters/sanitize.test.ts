import { Parser } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { finishChapter, parseChapter, renderInlineText } from './render'

/** Everything a file can contain; the output must run nothing and load nothing. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(2)>',
  '<img src="javascript:alert(3)">',
  '<a href="javascript:alert(4)">js</a>',
  '<a href="jav&#x09;ascript:alert(5)">tab</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(6)">entities</a>',
  '<a href=" JaVaScRiPt:alert(7)">case</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==">data</a>',
  '<a href="vbscript:msgbox(9)">vb</a>',
  '[md link](javascript:alert(10))',
  '![md image](javascript:alert(11))',
  '<svg onload=alert(12)><script>alert(13)</script></svg>',
  '<svg><a xlink:href="javascript:alert(14)"><text>x</text></a></svg>',
  '<div style="background:url(javascript:alert(16))">css</div>',
  '<div style="width: expression(alert(17))">expr</div>',
  '<p style="color:red" onclick="alert(18)" onmouseover=alert(19)>handlers</p>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<form action="https://evil.example"><input name=x><button formaction=javascript:alert(20)>b</button></form>',
  '<style>body{display:none}</style>',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(21)">',
  '<base href="https://evil.example/">',
  '<div id="root">clobber</div><form id="main"></form>',
  '<!--<img src=x onerror=alert(22)>-->',
  '<![CDATA[<script>alert(23)</script>]]>',
  '<scr<script>ipt>alert(24)</scr</script>ipt>',
  '<img """><script>alert(25)</script>">',
  '<details open ontoggle=alert(26)>x</details>',
  '<a href="#/chapters/vol1/01-x">app link</a> <a href="https://example.org/ok">web</a>',
  '$\\href{javascript:alert(27)}{x}$ $\\url{javascript:alert(28)}$',
  '{{< sim roofline unit="</span><script>alert(29)</script>" >}}',
  '\u0002deadbeefM0\u0003 forged placeholder'
].join('\n\n')

const ALLOWED_SCHEME = /^(#|https?:\/\/)/i
const FORBIDDEN_TAGS = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'style',
  'link',
  'meta',
  'base',
  'svg',
  'math'
])

/** An independent check of the output with a real HTML parser. */
function problems(html: string): string[] {
  const found: string[] = []
  const parser = new Parser({
    onopentag(name, attrs) {
      if (FORBIDDEN_TAGS.has(name) && !(name === 'svg' || name === 'math')) found.push(`<${name}>`)
      for (const [k, v] of Object.entries(attrs)) {
        if (k.startsWith('on')) found.push(`${name}[${k}]`)
        if (
          (k === 'href' || k === 'src' || k.endsWith(':href') || k === 'action' || k === 'formaction') &&
          !ALLOWED_SCHEME.test(v.trim())
        ) {
          found.push(`${name}[${k}=${v}]`)
        }
        if (k === 'style' && /url\(|expression|javascript|@import/i.test(v)) found.push(`${name}[style=${v}]`)
        if (k === 'id' && ['root', 'main'].includes(v)) found.push(`${name}[id=${v}]`)
      }
    }
  })
  parser.write(html)
  parser.end()
  return found
}

function pipeline(source: string): string {
  const parsed = parseChapter(source, { chapterId: 'x/y', chapterNumber: 1 })
  return finishChapter(parsed, { chapterId: 'x/y', resolveLabel: () => null, bib: new Map(), live: null }).html
}

describe('sanitising chapter HTML', () => {
  it('leaves nothing that runs script or loads from elsewhere, whatever the file holds', () => {
    const html = pipeline(HOSTILE)
    expect(problems(html)).toEqual([])
    expect(html).not.toMatch(/<script|onerror|onload/i)
    // What is left of a refused Markdown link is text, never an address.
    expect(html).toContain('[md link](javascript:alert(10))')
    // Math from the file is KaTeX with trust off: \href renders as text, never a link.
    expect(html).not.toMatch(/<a[^>]+href="javascript/i)
  })

  it('keeps the safe parts: app and web links, handled text', () => {
    const html = pipeline(HOSTILE)
    expect(html).toContain('<a href="#/chapters/vol1/01-x">app link</a>')
    expect(html).toContain('<a href="https://example.org/ok">web</a>')
    expect(html).toContain('handlers')
    // A forged placeholder (wrong nonce) stays inert text.
    expect(html).toContain('forged placeholder')
  })

  it('does the same for inline text (quiz prompts and answers)', () => {
    const html = renderInlineText('<img src=x onerror=alert(1)> **ok** <a href="javascript:x">y</a> $a^2$', {
      chapterId: 'x/y',
      resolveLabel: () => null,
      bib: new Map(),
      live: null
    })
    expect(problems(html)).toEqual([])
    expect(html).toContain('<strong>ok</strong>')
    expect(html).toContain('class="katex"')
  })

  it('treats an unclosed style or math element as raw text to drop, not markup to run', () => {
    const html = pipeline('before\n\n<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>\n\nafter')
    expect(problems(html)).toEqual([])
    expect(html).toContain('before')
    expect(html).not.toContain('onerror')
  })

  it('survives hostile nesting and entity tricks within bounded time', () => {
    const html = pipeline(`${'<div>'.repeat(20000)}x${'</div>'.repeat(20000)}${'&#x3C;script&#x3E;'.repeat(1000)}`)
    expect(problems(html)).toEqual([])
    expect(html).not.toContain('<script')
  })
})
