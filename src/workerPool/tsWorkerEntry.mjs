// The entry of every piscina worker thread. A worker starts as a fresh Node isolate that
// knows nothing of how its parent loaded TypeScript (tsx CLI, vitest, plain node), so it
// loads its TypeScript task module itself through tsx's scoped loader. The module to load
// is `workerData.taskModule` (a file URL); its default export is the task function.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const loaded = await tsImport(workerData.taskModule, import.meta.url);
// tsImport wraps an ES module's namespace once more when the loader treats it as CommonJS.
const task = typeof loaded.default === 'function' ? loaded.default : loaded.default?.default;
if (typeof task !== 'function') throw new Error(`${workerData.taskModule} has no default export function`);
export default task;
