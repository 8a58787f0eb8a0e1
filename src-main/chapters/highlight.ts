/** Offline syntax highlighting for code blocks (highlight.js core with the languages chapters use). */
import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import c from 'highlight.js/lib/languages/c'
import cpp from 'highlight.js/lib/languages/cpp'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import python from 'highlight.js/lib/languages/python'
import sql from 'highlight.js/lib/languages/sql'
import typescript from 'highlight.js/lib/languages/typescript'
import yaml from 'highlight.js/lib/languages/yaml'

hljs.registerLanguage('python', python)
hljs.registerLanguage('typescript', typescript)
hljs.registerLanguage('javascript', javascript)
hljs.registerLanguage('c', c)
hljs.registerLanguage('cpp', cpp)
hljs.registerLanguage('bash', bash)
hljs.registerLanguage('json', json)
hljs.registerLanguage('yaml', yaml)
hljs.registerLanguage('sql', sql)
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' })
hljs.registerAliases(['js', 'jsx', 'mjs'], { languageName: 'javascript' })
hljs.registerAliases(['py', 'python3'], { languageName: 'python' })
hljs.registerAliases(['sh', 'shell', 'console', 'zsh'], { languageName: 'bash' })
hljs.registerAliases(['cuda', 'cu', 'c++', 'h', 'hpp'], { languageName: 'cpp' })
hljs.registerAliases(['yml'], { languageName: 'yaml' })

const MAX_HIGHLIGHT_CHARS = 100_000

function escapeCode(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A `<pre><code>` block; known languages get hljs spans (escaped by hljs), others plain escaped text. */
export function highlightCode(code: string, language: string): string {
  const lang = language.toLowerCase().replace(/[^a-z0-9+#-]/g, '')
  const known = lang && hljs.getLanguage(lang) ? lang : null
  const body =
    known && code.length <= MAX_HIGHLIGHT_CHARS ? hljs.highlight(code, { language: known, ignoreIllegals: true }).value : escapeCode(code)
  const cls = lang ? ` class="hljs language-${lang}"` : ' class="hljs"'
  return `<pre class="code-block"><code${cls}>${body}</code></pre>\n`
}
