// The entry of a verification thread (verificationThreads.ts). A worker starts as a fresh
// Node isolate that knows nothing of how its parent loaded TypeScript (tsx CLI, vitest,
// plain node), so it loads its TypeScript module itself through tsx's scoped loader, as
// src/workerPool/tsWorkerEntry.mjs does for the piscina pools, then serves tasks on its
// parent port.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const loaded = await tsImport(workerData.taskModule, import.meta.url);
// tsImport wraps an ES module's namespace once more when the loader treats it as CommonJS.
const serve = typeof loaded.default === 'function' ? loaded.default : loaded.default?.default;
if (typeof serve !== 'function') throw new Error(`${workerData.taskModule} has no default export function`);
serve(parentPort);
