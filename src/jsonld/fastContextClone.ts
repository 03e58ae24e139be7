/**
 * A faster active-context clone for jsonld.js 9. jsonld clones the whole active context,
 * deep, every time it enters or leaves a type-scoped context; Open Badges 3.0 uses them on
 * almost every node, so that cloning (and the garbage it makes) was about half the time of
 * verifying or issuing a credential (bench/RESULTS.md, "What dominates the cost";
 * digitalbazaar/jsonld.js#414). A term definition is never changed after
 * createTermDefinition has built it (a redefinition replaces the object), so a child
 * context can share its parent's definitions: copying the Map of them (and the flat
 * `protected` map) is enough. The clone function is installed on jsonld's cached initial
 * contexts, from which every active context inherits it (`child.clone = this.clone`).
 * If jsonld ever rebuilds its initial context, clones fall back to its own deep copy,
 * slower but equally correct.
 */
import jsonldContext from 'jsonld/lib/context.js';

interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, boolean>;
  previousContext?: ActiveContext;
  clone: (this: ActiveContext) => ActiveContext;
  inverse: unknown;
  getInverse: unknown;
  revertToPreviousContext: unknown;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
}

/** The same fields as jsonld's _cloneActiveContext, sharing the (immutable) term definitions. */
function shallowCloneActiveContext(this: ActiveContext): ActiveContext {
  const child = {
    mappings: new Map(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
    revertToPreviousContext: this.revertToPreviousContext,
  } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext.clone();
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

const api = jsonldContext as unknown as { getInitialContext(options: { processingMode?: string }): ActiveContext };
let original: ActiveContext['clone'] | undefined;

/** Installs the shallow clone (idempotent); `enabled: false` restores jsonld's own (tests compare both). */
export function useFastContextClone(enabled = true): void {
  for (const processingMode of ['json-ld-1.1', 'json-ld-1.0', undefined]) {
    const initial = api.getInitialContext(processingMode ? { processingMode } : {});
    if (initial.clone !== shallowCloneActiveContext) original ??= initial.clone;
    initial.clone = enabled ? shallowCloneActiveContext : (original ?? initial.clone);
  }
}

useFastContextClone();
