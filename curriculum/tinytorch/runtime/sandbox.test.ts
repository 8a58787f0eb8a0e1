// The runtime is bundled with esbuild and executed inside a node:vm context
// that has no `require`, `process` or `console`. This test does exactly that.
import { describe, it, expect } from 'vitest'
import { build } from 'esbuild'
import vm from 'node:vm'
import { fileURLToPath } from 'node:url'

describe('sandbox bundle', () => {
  it('bundles to a self-contained script that runs in an empty vm context', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      format: 'iife',
      globalName: 'TinyTorchRuntime',
      target: 'es2022',
      platform: 'neutral',
      write: false,
      logLevel: 'silent'
    })
    const code = result.outputFiles[0].text
    expect(code).not.toMatch(/\brequire\(/)

    const context = vm.createContext({})
    vm.runInContext(code, context)
    const out = vm.runInContext(
      `(() => {
        const { nd } = TinyTorchRuntime;
        nd.seed(1);
        const a = nd.arange(6).reshape(2, 3);
        const w = nd.normal([3, 2]);
        const y = a.matmul(w).add(nd.ones([2])).relu();
        return JSON.stringify({
          sum: a.add([10, 20, 30]).sum(0).toArray(),
          shape: y.shape,
          sliced: a.T.slice([null, null, 2]).toArray(),
          bytes: nd.estimate.bytesOf(a),
        });
      })()`,
      context
    ) as string
    expect(JSON.parse(out)).toEqual({
      sum: [23, 45, 67],
      shape: [2, 2],
      sliced: [
        [0, 3],
        [2, 5]
      ],
      bytes: 24
    })
  })
})
