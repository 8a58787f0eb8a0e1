import { useEffect, useRef, useState } from 'react'
import { ipc } from '../../ipc/client'
import { ErrorNote, Loading } from '../../ui/components'

type MonacoModule = typeof import('../../ui/monaco/setup')

let monacoPromise: Promise<MonacoModule> | null = null
let librariesLoaded: Promise<void> | null = null

/** Loads Monaco once (a separate chunk), and the nd runtime plus the learner's modules as type libraries. */
function loadMonaco(): Promise<MonacoModule> {
  monacoPromise ??= import('../../ui/monaco/setup')
  return monacoPromise
    .then(async (m) => {
      librariesLoaded ??= ipc.tinytorch.typeLibraries().then((libs) => {
        for (const lib of libs) m.monaco.typescript.typescriptDefaults.addExtraLib(lib.text, lib.path)
      })
      await librariesLoaded
      return m
    })
    .catch((e: unknown) => {
      // A failed load is not cached: "Try again" loads again.
      monacoPromise = null
      librariesLoaded = null
      throw e
    })
}

interface Props {
  moduleId: string
  file: string
  /** Put the cursor here (and show it) when this changes. */
  cursor?: { line: number; column: number; nonce: number } | null
  text: string
  onChange(text: string): void
  onRun(): void
  onSubmit(): void
}

/** Monaco editing the learner's file, with TypeScript diagnostics against the real runtime types. */
export function CodeEditor({ moduleId, file, cursor, text, onChange, onRun, onSubmit }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const editorRef = useRef<import('monaco-editor').editor.IStandaloneCodeEditor | null>(null)
  const handlers = useRef({ onChange, onRun, onSubmit })
  handlers.current = { onChange, onRun, onSubmit }
  const [error, setError] = useState<string | null>(null)
  const [ready, setReady] = useState(false)
  const [attempt, setAttempt] = useState(0)
  /** True while we push text in from outside, so that it is not echoed back as an edit. */
  const applying = useRef(false)

  useEffect(() => {
    let disposed = false
    let cleanup = () => {}
    setReady(false)
    loadMonaco()
      .then(({ monaco, systemTheme }) => {
        if (disposed || !host.current) return
        const uri = monaco.Uri.parse(`file:///workspace/${moduleId}/${file}`)
        const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, 'typescript', uri)
        if (model.getValue() !== text) model.setValue(text)
        const editor = monaco.editor.create(host.current, {
          model,
          theme: systemTheme(),
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 13.5,
          tabSize: 2,
          scrollBeyondLastLine: false,
          ariaLabel: `Editor for ${file}`
        })
        editorRef.current = editor
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => handlers.current.onRun())
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => handlers.current.onSubmit())
        const sub = editor.onDidChangeModelContent(() => {
          if (!applying.current) handlers.current.onChange(model.getValue())
        })
        const media = window.matchMedia('(prefers-color-scheme: dark)')
        const onTheme = () => monaco.editor.setTheme(systemTheme())
        media.addEventListener('change', onTheme)
        setReady(true)
        cleanup = () => {
          media.removeEventListener('change', onTheme)
          sub.dispose()
          editor.dispose()
          editorRef.current = null
        }
      })
      .catch((e: Error) => setError(`The editor could not start: ${e.message}`))
    return () => {
      disposed = true
      cleanup()
    }
    // The editor is rebuilt only when the file changes (or a failed start is tried again); text updates flow in below.
  }, [moduleId, file, attempt])

  // A cursor request is applied once, as soon as the editor for its file is ready.
  const appliedCursor = useRef(0)
  useEffect(() => {
    const editor = editorRef.current
    if (!editor || !cursor || appliedCursor.current === cursor.nonce) return
    appliedCursor.current = cursor.nonce
    const position = { lineNumber: cursor.line, column: cursor.column }
    editor.setPosition(position)
    editor.revealPositionInCenter(position)
    editor.focus()
  }, [cursor?.nonce, ready])

  useEffect(() => {
    const model = editorRef.current?.getModel()
    if (model && model.getValue() !== text) {
      applying.current = true
      model.setValue(text)
      applying.current = false
    }
  }, [text])

  return (
    <div className="code-editor" data-testid="code-editor">
      {error ? (
        <ErrorNote
          message={error}
          onRetry={() => {
            setError(null)
            setAttempt((a) => a + 1)
          }}
        />
      ) : null}
      {!ready && !error ? <Loading label="Starting the editor…" /> : null}
      <div ref={host} className="code-editor-host" />
    </div>
  )
}
