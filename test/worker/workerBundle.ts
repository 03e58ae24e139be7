/**
 * Bundles src/worker.ts the way wrangler does for workerd (one ES module, node built-ins
 * served by the nodejs_compat flag, `import.meta.url` fixed as in wrangler.toml), so the
 * test can run the real bundle in the Workers runtime (workerd, through Miniflare)
 * without wrangler.
 *
 * CommonJS dependencies `require('events')` and expect the module itself (a class, for
 * events); an ES module bundle cannot `require` an external. So a first pass finds the
 * built-ins used, and the second pass starts with a prelude that imports each of them and
 * keeps them on globalThis, and serves every `require`/`import` of a built-in from there.
 */
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';

const builtins = new Set(builtinModules);
const isBuiltin = (path: string) => {
  const name = path.replace(/^node:/, '');
  return builtins.has(name) || builtins.has(name.split('/')[0]!);
};

function builtinsPlugin(used: Set<string>): Plugin {
  return {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        const name = args.path.replace(/^node:/, '');
        if (args.namespace === 'prelude') return { path: `node:${name}`, external: true };
        used.add(name);
        return { path: name, namespace: 'node-builtin' };
      });
      b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
        contents: `module.exports = globalThis.__nodeBuiltins[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      b.onResolve({ filter: /^saypro-prelude$/ }, () => ({ path: 'prelude', namespace: 'prelude' }));
      b.onLoad({ filter: /.*/, namespace: 'prelude' }, () => ({
        contents: [
          ...[...used].map((name, i) => `import * as m${i} from 'node:${name}';`),
          'globalThis.__nodeBuiltins = {',
          ...[...used].map((name, i) => `  ${JSON.stringify(name)}: m${i}.default ?? m${i},`),
          '};',
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

const WORKER = new URL('../../src/worker.ts', import.meta.url).pathname;

async function pass(used: Set<string>, withPrelude: boolean): Promise<string> {
  const result = await build({
    stdin: {
      contents: `${withPrelude ? "import 'saypro-prelude';\n" : ''}export { default } from ${JSON.stringify(WORKER)};`,
      resolveDir: new URL('.', import.meta.url).pathname,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser', 'import', 'default'],
    define: { 'import.meta.url': '"file:///bundle/worker.js"' },
    plugins: [builtinsPlugin(used)],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The worker as one ES module (source text). */
export async function bundleWorker(): Promise<string> {
  const used = new Set<string>();
  await pass(used, false);
  return pass(used, true);
}
