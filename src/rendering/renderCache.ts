/**
 * An in-memory LRU of finished renders, bounded by bytes, keyed by credential id +
 * template version + state (the mark drawn across it, certificateMark.ts) + format, so a
 * certificate revoked, suspended or expired since its last render is drawn again with its
 * banner rather than served clean from the cache. A render is never the only copy of
 * anything (it is made again from the signed credential on demand), so eviction or a
 * restart loses nothing.
 * Concurrent requests for a render not yet cached share one render instead of each
 * starting their own.
 */
import { createHash } from 'node:crypto';

/** A cached render with what its HTTP response needs. */
export interface CachedRender {
  bytes: Uint8Array;
  contentType: string;
  /** A strong entity tag over the bytes (quoted). */
  etag: string;
}

/** Hit and size counters, for tests and the benchmark. */
export interface RenderCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

/** The cache key of one render; `state` is its mark, or 'valid'. The id comes last (deleteCredential). */
export function renderKey(
  credentialId: string,
  templateVersion: string,
  state: string,
  format: string,
): string {
  return `${format}\u0000${templateVersion}\u0000${state}\u0000${credentialId}`;
}

/** A strong ETag for some bytes: a truncated SHA-256, quoted. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}

/** The default bound: 64 MiB (about a thousand PNG renders). */
export const DEFAULT_RENDER_CACHE_BYTES = 64 * 1024 * 1024;

/** A byte-bounded LRU of renders. */
export class RenderCache {
  private readonly entries = new Map<string, CachedRender>();
  private readonly pending = new Map<string, Promise<CachedRender>>();
  private size = 0;
  private hits = 0;
  private misses = 0;

  /** `maxBytes` bounds the sum of cached bytes; a render above a quarter of it is not kept. */
  constructor(readonly maxBytes: number = DEFAULT_RENDER_CACHE_BYTES) {}

  /** The cached render, marked most recently used, or undefined. */
  get(key: string): CachedRender | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  /** Stores a render, evicting the least recently used ones beyond the bound. */
  set(key: string, bytes: Uint8Array, contentType: string): CachedRender {
    const entry: CachedRender = { bytes, contentType, etag: etagOf(bytes) };
    this.delete(key);
    if (bytes.length > this.maxBytes / 4) return entry;
    this.entries.set(key, entry);
    this.size += bytes.length;
    for (const [oldest, old] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= old.bytes.length;
    }
    return entry;
  }

  /** Drops one render. */
  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.size -= old.bytes.length;
  }

  /** Drops every render of a credential (e.g. once its holder erased it). */
  deleteCredential(credentialId: string): void {
    for (const key of [...this.entries.keys()]) if (key.endsWith(`\u0000${credentialId}`)) this.delete(key);
  }

  /**
   * The cached render for `key`, or the result of `render()` stored under it. Callers that
   * ask while the same key is being rendered wait for that render.
   */
  async getOrRender(
    key: string,
    contentType: string,
    render: () => Promise<Uint8Array>,
  ): Promise<CachedRender> {
    const found = this.get(key);
    if (found) {
      this.hits++;
      return found;
    }
    const inFlight = this.pending.get(key);
    if (inFlight) {
      this.hits++;
      return inFlight;
    }
    this.misses++;
    const promise = render().then((bytes) => this.set(key, bytes, contentType));
    this.pending.set(key, promise);
    try {
      return await promise;
    } finally {
      this.pending.delete(key);
    }
  }

  /** Counters and current size. */
  stats(): RenderCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.size };
  }
}
