/**
 * Gives the MongoDB tests a server. With MONGODB_URI set, those tests use that server (a
 * real MongoDB or Atlas) and this does nothing. Otherwise, where a Go toolchain exists (go
 * on PATH or /usr/local/go/bin/go), it starts FerretDB (a MongoDB-wire server over SQLite,
 * scripts/mongoTestServer.mjs; built once into a cache folder, minutes the first time) and
 * provides its URI to the test files as `inject('mongodbUri')`. Without either, the MongoDB
 * tests are skipped and say how to run them.
 *
 * The URI is provided, not put in process.env: workers inherit the main process's
 * environment, and every other test (and the servers they spawn) would then run on MongoDB.
 * Vitest awaits a global setup without a time limit, so a first build fits.
 */
import type { TestProject } from 'vitest/node';

/** What this setup uses of scripts/mongoTestServer.mjs (a plain ESM script, without type declarations). */
interface MongoTestServerScript {
  findGo: () => string | undefined;
  startMongoTestServer: (options: {
    go?: string;
    log?: (line: string) => void;
  }) => Promise<{ uri: string; stop: () => Promise<void> }>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URI of the FerretDB server this setup started; empty when it started none. */
    mongodbUri: string;
    /** Why FerretDB could not be built or started (the MongoDB tests fail with it); empty when nothing failed. */
    mongodbSetupError: string;
  }
}

/**
 * Starts FerretDB unless MONGODB_URI names a server or no Go toolchain exists. A failed
 * build or start does not stop the run: the MongoDB tests fail with the reason, the rest run.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('mongodbUri', '');
  project.provide('mongodbSetupError', '');
  if (process.env.MONGODB_URI) return undefined;
  const script = (await import(
    new URL('../scripts/mongoTestServer.mjs', import.meta.url).href
  )) as MongoTestServerScript;
  const go = script.findGo();
  if (!go) return undefined;
  try {
    const server = await script.startMongoTestServer({ go, log: (line) => console.log(line) });
    project.provide('mongodbUri', server.uri);
    return () => server.stop();
  } catch (error) {
    const message = `FerretDB (the MongoDB test server) could not be built or started with ${go}: ${(error as Error).message}`;
    console.error(message);
    project.provide('mongodbSetupError', message);
    return undefined;
  }
}
