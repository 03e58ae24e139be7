/**
 * Faster JSON-LD context handling for jsonld.js 9, changing nothing but speed (tests compare
 * expansion and RDFC-1.0 output with and without it). Open Badges 3.0 uses type-scoped
 * contexts on almost every node, and jsonld.js handles each one by deep-cloning the whole
 * active context and processing the scoped context afresh, on every node of every document
 * (digitalbazaar/jsonld.js#414): that work and its garbage were most of the cost of
 * verifying or issuing a credential (bench/RESULTS.md, "What dominates the cost").
 *
 * An active context is never changed once built: jsonld clones before it defines terms, and
 * a term definition is replaced, never edited. So:
 * 1. a clone shares the parent's term definitions and its previous context (copying only the
 *    Map of definitions and the flat `protected` map), and reverting a type-scoped context
 *    returns the previous context itself rather than a copy of it;
 * 2. jsonld caches processed contexts per (resolved context, active context object), but
 *    before applying a type-scoped context it makes a fresh copy of the active context to
 *    key on, so that cache never hit. That fresh copy ("this context, with itself as the
 *    previous context") is the same every time for the same source context, so it is looked
 *    up under one stable key per source. With 1 and 2, a document's active contexts are the
 *    same objects from one verification to the next and the cache answers;
 * 3. jsonld keys an inline context object by its JSON text, serialised on every use; the
 *    key is remembered per object.
 * Nothing changes until `useFastContexts()` is called: createDeps, the Worker and the worker
 * threads (verificationTask.ts, signingTask.ts) call it once at start, so importing this module
 * changes nothing and a program using jsonld beside us keeps jsonld's own handling unless it
 * opts in. jsonld is pinned to an exact version in package.json because these patches reach
 * into its internals; test/jsonld/fastContexts.test.ts is the gate for any upgrade.
 *
 * The patches are installed on jsonld's cached initial contexts (every active context
 * inherits `clone` from them) and on the ResolvedContext and ContextResolver prototypes.
 */
import jsonldContext from 'jsonld/lib/context.js';
import ResolvedContext from 'jsonld/lib/ResolvedContext.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';

const CLONE_OF = Symbol('clone of');

interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, boolean>;
  previousContext?: ActiveContext;
  clone: (this: ActiveContext) => ActiveContext;
  inverse: unknown;
  getInverse: unknown;
  revertToPreviousContext: (this: ActiveContext) => ActiveContext;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
  [CLONE_OF]?: ActiveContext;
}

/** jsonld's _cloneActiveContext field by field, sharing what is never changed. */
function shallowCloneActiveContext(this: ActiveContext): ActiveContext {
  const child = {
    mappings: new Map(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
    revertToPreviousContext: this.revertToPreviousContext,
    [CLONE_OF]: this,
  } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

/** jsonld's _revertToPreviousContext without the copy. */
function revertToPreviousContext(this: ActiveContext): ActiveContext {
  return this.previousContext ?? this;
}

/** One key object per source context for "source, with itself as previous context". */
const typeScopedKeys = new WeakMap<ActiveContext, object>();

/**
 * The cache key for an active context. jsonld applies a type-scoped context to
 * `rval = activeCtx.clone(); rval.previousContext = activeCtx` (context.js, api.process):
 * only that statement makes a clone whose previous context is its own source, and the
 * clone is used as a key before anything is defined in it.
 */
function cacheKey(ctx: ActiveContext): object {
  const source = ctx[CLONE_OF];
  if (!source || ctx.previousContext !== source) return ctx;
  let key = typeScopedKeys.get(source);
  if (!key) typeScopedKeys.set(source, (key = {}));
  return key;
}

interface ResolvedContextShape {
  getProcessed(activeCtx: ActiveContext): unknown;
  setProcessed(activeCtx: ActiveContext, processed: unknown): void;
}
const processedCaches = new WeakMap<object, WeakMap<object, unknown>>();

function getProcessed(this: object, activeCtx: ActiveContext): unknown {
  return processedCaches.get(this)?.get(cacheKey(activeCtx));
}

function setProcessed(this: object, activeCtx: ActiveContext, processed: unknown): void {
  let cache = processedCaches.get(this);
  if (!cache) processedCaches.set(this, (cache = new WeakMap()));
  cache.set(cacheKey(activeCtx), processed);
}

type Resolve = (this: unknown, args: { context: unknown }) => Promise<unknown>;
/** Inline context objects seen before, with the resolution jsonld made of them. */
const resolvedObjects = new WeakMap<object, unknown>();

const api = jsonldContext as unknown as {
  getInitialContext(options: { processingMode?: string }): ActiveContext;
};
const resolvedProto = (ResolvedContext as unknown as { prototype: ResolvedContextShape }).prototype;
const resolverProto = (ContextResolver as unknown as { prototype: { resolve: Resolve } }).prototype;
const originals = {
  clone: undefined as ActiveContext['clone'] | undefined,
  revert: undefined as ActiveContext['revertToPreviousContext'] | undefined,
  getProcessed: resolvedProto.getProcessed,
  setProcessed: resolvedProto.setProcessed,
  resolve: resolverProto.resolve,
};

/**
 * A single inline context object (what type- and property-scoped contexts are) resolves
 * to the same ResolvedContext every time; jsonld found it by JSON.stringify of the object.
 * Objects that carry their own `@context` key, arrays and strings take jsonld's path.
 */
async function resolve(this: unknown, args: { context: unknown }): Promise<unknown> {
  const { context } = args;
  if (!context || typeof context !== 'object' || Array.isArray(context) || '@context' in context)
    return originals.resolve.call(this, args);
  const known = resolvedObjects.get(context);
  if (known) return known;
  const resolved = await originals.resolve.call(this, args);
  resolvedObjects.set(context, resolved);
  return resolved;
}

/** Installs the faster handling (idempotent); `enabled: false` restores jsonld's own (tests compare both). */
export function useFastContexts(enabled = true): void {
  for (const processingMode of ['json-ld-1.1', 'json-ld-1.0', undefined]) {
    const initial = api.getInitialContext(processingMode ? { processingMode } : {});
    if (initial.clone !== shallowCloneActiveContext) originals.clone ??= initial.clone;
    if (initial.revertToPreviousContext !== revertToPreviousContext)
      originals.revert ??= initial.revertToPreviousContext;
    initial.clone = enabled ? shallowCloneActiveContext : (originals.clone ?? initial.clone);
    initial.revertToPreviousContext = enabled
      ? revertToPreviousContext
      : (originals.revert ?? initial.revertToPreviousContext);
  }
  resolvedProto.getProcessed = enabled ? getProcessed : originals.getProcessed;
  resolvedProto.setProcessed = enabled ? setProcessed : originals.setProcessed;
  resolverProto.resolve = enabled ? resolve : originals.resolve;
}
