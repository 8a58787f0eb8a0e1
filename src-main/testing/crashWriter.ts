/**
 * Test helper run as a child process: records entries in a loop and prints the count after each
 * commit returns, until it is killed. The parent kills it with SIGKILL mid-loop.
 */
import { ProgressStore } from '../store'

const store = ProgressStore.open(process.argv[2]!)
let committed = 0
for (;;) {
  store.record('sim_run', 'roofline', { params: { batch: committed } })
  committed++
  process.stdout.write(`${committed}\n`)
}
