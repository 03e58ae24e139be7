/**
 * Where the time goes: samples the main thread with the V8 CPU profiler (node:inspector,
 * the same data `node --cpu-prof` writes) while an operation runs, then attributes every
 * sample to a cost centre. A sample goes to the innermost frame that names a stage
 * (JSON-LD expansion, context cloning, toRDF, RDFC-1.0, Ed25519 key import and signing,
 * Ajv, SQLite, status shuffle...); helpers such as jsonld's util.js count for the stage
 * that called them. Garbage collection cannot be attributed and is shown on its own.
 */
import { Session } from 'node:inspector/promises';
import { runFor, warmUp, type Operation } from './stats.js';

/** One cost centre and its share of the profiled time. */
export interface CostCentre {
  name: string;
  ms: number;
  share: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Stage rules, matched against `functionName@url` of each frame from the leaf outwards;
 * the first match wins.
 */
const STAGES: [RegExp, string][] = [
  [/^_cloneActiveContext@.*\/jsonld\//, 'JSON-LD active-context cloning (context.js)'],
  [
    /^shallowCloneActiveContext@.*\/src\/jsonld\/fastContexts\.ts/,
    'JSON-LD active-context cloning (fastContexts.ts)',
  ],
  [/\/src\/jsonld\/fastContexts\.ts/, 'JSON-LD other context processing'],
  [/\/jsonld\/lib\/expand\.js/, 'JSON-LD expansion (expand.js)'],
  [/\/jsonld\/lib\/(context|ContextResolver|ResolvedContext)\.js/, 'JSON-LD other context processing'],
  [/\/jsonld\/lib\/(toRdf|nodeMap)\.js/, 'JSON-LD toRDF + node map'],
  [/\/rdf-canonize\//, 'RDFC-1.0 canonicalization + N-Quads'],
  [
    /^(createPrivateKey|createPublicKey)@node:internal\/crypto\/keys/,
    'Ed25519 key import (createPrivateKey / createPublicKey)',
  ],
  [/\/ed25519-multikey\/lib\/ed25519\.js/, 'Ed25519 sign/verify'],
  [/@node:internal\/crypto\/sig$/, 'Ed25519 sign/verify'],
  [/\/src\/status\/shuffle\.ts/, 'status index shuffle (HMAC Feistel)'],
  [/\/src\/status\/bitstring\.ts/, 'status list decode (gunzip)'],
  [/\/src\/storage\/sqlite\/|\/better-sqlite3\//, 'SQLite store (better-sqlite3, JSON of rows)'],
  [/\/ajv\/|\/src\/credentials\/schemaValidator\.ts/, 'JSON Schema validation (Ajv)'],
  [/\/src\/jsonld\/(documentLoader|didResolver)\.ts/, 'document loader + DID resolution'],
];

/** Coarser fallbacks when no stage frame is on the stack. */
function fallback(frames: ProfileNode['callFrame'][]): string {
  for (const { url } of frames) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (pkg) return `other library code (${pkg[1]})`;
    const ours =
      /\/work\/[^/]+\/(src|bench|test)\/(.+)$/.exec(url) ?? /\/(src|bench|test)\/([^/]+\.ts)$/.exec(url);
    if (ours)
      return ours[1] === 'bench'
        ? 'benchmark loop + async plumbing (bench/)'
        : `our code (${ours[1]}/${ours[2]})`;
  }
  const leaf = frames[0];
  if (!leaf) return 'other';
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  if (leaf.functionName === '(idle)' || leaf.functionName === '(program)') return 'idle / V8 runtime';
  return leaf.url.startsWith('node:') ? 'Node internals' : 'other';
}

/** Attributes each sample of a profile to a cost centre. */
export function costCentres(profile: CpuProfile): CostCentre[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const centreOf = new Map<number, string>();
  const centre = (id: number): string => {
    const cached = centreOf.get(id);
    if (cached) return cached;
    const frames: ProfileNode['callFrame'][] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
      frames.push(byId.get(cur)!.callFrame);
    const stage = frames
      .map((f) => STAGES.find(([re]) => re.test(`${f.functionName}@${f.url}`))?.[1])
      .find((s) => s !== undefined);
    const name = stage ?? fallback(frames);
    centreOf.set(id, name);
    return name;
  };
  const totals = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const name = centre(id);
    totals.set(name, (totals.get(name) ?? 0) + ms);
  });
  return [...totals]
    .map(([name, ms]) => ({ name, ms, share: total > 0 ? ms / total : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

/** Profiles `fn` run back to back for `ms` milliseconds; returns its cost centres. */
export async function profileOperation(
  fn: Operation,
  ms: number,
): Promise<{ ops: number; centres: CostCentre[] }> {
  await warmUp(fn);
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const sample = await runFor(fn, { ms });
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    return { ops: sample.ops, centres: costCentres(profile) };
  } finally {
    session.disconnect();
  }
}
