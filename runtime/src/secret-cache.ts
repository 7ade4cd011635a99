import { inspect } from 'node:util';
import { safeLogger, type Logger, type SafeLogger } from './logger.js';

export interface SecretCacheOptions {
  /** How long a value may be used when the fetcher does not return a Vault lease. Default 45 min. */
  ttlMs?: number;
  /** Fraction of the TTL after which `get` refreshes in the background. Default 0.75. */
  refreshAt?: number;
  /** Width of the random spread around the refresh point, as a fraction of the TTL. Default 0.1 (75% ± 5%). */
  refreshJitter?: number;
  /** Most entries kept; the least recently used go first. Default 1,000. */
  maxEntries?: number;
  /** Receives failed background refreshes. Default: console warnings (redacted). */
  logger?: Logger;
  random?: () => number;
}

export interface SecretCacheStats {
  /** `get`s answered from the cache (fresh or in the refresh window). */
  hits: number;
  /** `get`s that had to wait for a fetch (nothing cached, expired, or invalidated). */
  misses: number;
  /** Background refreshes started in the refresh window. */
  refreshes: number;
  /** Fetches that failed (foreground and background). */
  errors: number;
  /** Entries dropped to respect maxEntries. */
  evictions: number;
  size: number;
}

interface Entry<T> {
  value: T;
  /** An already-resolved promise of value, handed to every hit (no allocation per hit). */
  resolved: Promise<T>;
  /** Never served at or after this instant (epoch ms): the lease or TTL has ended. */
  expiresAt: number;
  /** From here on, `get` serves the value and refreshes in the background. */
  refreshAt: number;
  /** No new background refresh before this instant (after a failed one). */
  retryAfter: number;
  ttlMs: number;
  /** Used since it was last passed over by eviction (the "second chance" bit of a CLOCK-style LRU). */
  used: boolean;
}

interface Inflight<T> {
  promise: Promise<T>;
}

/**
 * A cache for secrets that never serves a value past its lease. Values are fresh until a jittered refresh point
 * (default 75% of the TTL); from there until the TTL ends `get` answers at once and refreshes in the background;
 * a failed refresh keeps the current value only until the TTL ends, then `get` rejects with the fetch error.
 * Concurrent misses share one fetch. When the fetcher returns a Vault response with a lease (`lease_id` and
 * `lease_duration`), the lease is the TTL.
 *
 * `new SecretCache(fetcher, 45 * 60 * 1000)` keeps working: a number is the TTL in milliseconds.
 */
export class SecretCache<T = string> {
  readonly #fetcher: (key: string) => Promise<T>;
  readonly #ttlMs: number;
  readonly #refreshAt: number;
  readonly #jitter: number;
  readonly #maxEntries: number;
  readonly #logger: SafeLogger;
  readonly #random: () => number;
  readonly #entries = new Map<string, Entry<T>>();
  readonly #inflight = new Map<string, Inflight<T>>();
  #hits = 0;
  #misses = 0;
  #refreshes = 0;
  #errors = 0;
  #evictions = 0;

  constructor(fetcher: (key: string) => Promise<T>, optionsOrTtlMs: number | SecretCacheOptions = {}) {
    const options = typeof optionsOrTtlMs === 'number' ? { ttlMs: optionsOrTtlMs } : optionsOrTtlMs;
    this.#fetcher = fetcher;
    this.#ttlMs = positive(options.ttlMs, 45 * 60_000, 'ttlMs');
    this.#refreshAt = fraction(options.refreshAt, 0.75, 'refreshAt');
    this.#jitter = fraction(options.refreshJitter, 0.1, 'refreshJitter');
    this.#maxEntries = positive(options.maxEntries, 1_000, 'maxEntries');
    this.#logger = safeLogger(options.logger);
    this.#random = options.random ?? Math.random;
  }

  /** The value for key: cached, refreshed in the background, or fetched (one fetch per key at a time). */
  get(key: string, ttlMs?: number): Promise<T> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      const now = Date.now();
      if (now < entry.expiresAt) {
        this.#hits++;
        entry.used = true;
        if (now >= entry.refreshAt) this.#refreshInBackground(key, entry, ttlMs, now);
        return entry.resolved;
      }
      this.#entries.delete(key); // past its TTL/lease: never served again
    }
    this.#misses++;
    return this.#fetch(key, ttlMs ?? entry?.ttlMs);
  }

  /** Forget key: the next `get` fetches (a fetch already running for it no longer counts). */
  invalidate(key: string): void {
    this.#entries.delete(key);
    this.#inflight.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#inflight.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  get stats(): SecretCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      refreshes: this.#refreshes,
      errors: this.#errors,
      evictions: this.#evictions,
      size: this.#entries.size,
    };
  }

  #fetch(key: string, ttlMs: number | undefined): Promise<T> {
    const running = this.#inflight.get(key);
    if (running) return running.promise;
    const record = {} as Inflight<T>;
    // Registered before the fetcher runs, so even a fetcher that throws synchronously cleans up after itself.
    this.#inflight.set(key, record);
    record.promise = this.#run(key, ttlMs, record);
    return record.promise;
  }

  async #run(key: string, ttlMs: number | undefined, record: Inflight<T>): Promise<T> {
    try {
      const value = await this.#fetcher(key);
      if (this.#inflight.get(key) === record) this.#store(key, value, ttlMs);
      return value;
    } catch (error) {
      this.#errors++;
      throw error;
    } finally {
      if (this.#inflight.get(key) === record) this.#inflight.delete(key);
    }
  }

  #refreshInBackground(key: string, entry: Entry<T>, ttlMs: number | undefined, now: number): void {
    if (now < entry.retryAfter || this.#inflight.has(key)) return;
    this.#refreshes++;
    this.#fetch(key, ttlMs ?? entry.ttlMs).catch((error: unknown) => {
      // Keep serving the current value, but only until its TTL ends; try again a little later, not on every get.
      const now = Date.now();
      entry.retryAfter = now + Math.min(30_000, Math.max(100, Math.round(entry.ttlMs / 20)));
      const left = Math.max(0, Math.round((entry.expiresAt - now) / 1000));
      this.#logger.warn(
        `refreshing secret "${key}" failed; the current value is served for ${left}s more: ${(error as Error)?.message ?? String(error)}`,
      );
    });
  }

  #store(key: string, value: T, ttlMs: number | undefined): void {
    const ttl = Math.round(this.#ttlFor(value, ttlMs));
    const now = Date.now();
    const point = Math.min(0.99, Math.max(0, this.#refreshAt + (this.#random() - 0.5) * this.#jitter));
    this.#entries.delete(key);
    this.#entries.set(key, {
      value,
      resolved: Promise.resolve(value),
      expiresAt: now + ttl,
      refreshAt: now + Math.round(ttl * point),
      retryAfter: 0,
      ttlMs: ttl,
      used: false,
    });
    if (this.#entries.size > this.#maxEntries) this.#evict(key);
  }

  /**
   * Approximate LRU without touching the Map on every hit (which would double the cost of a hit): walk from the
   * oldest insertion; an entry used since the last pass gets a second chance (moved to the young end), the first
   * unused one is dropped. The entry just stored is never the one dropped.
   */
  #evict(justStored: string): void {
    while (this.#entries.size > this.#maxEntries) {
      for (const [key, entry] of this.#entries) {
        this.#entries.delete(key);
        if (entry.used || key === justStored) {
          entry.used = false;
          this.#entries.set(key, entry);
          continue;
        }
        this.#evictions++;
        break;
      }
    }
  }

  /** A Vault lease is authoritative; KV v1's advisory lease_duration (no lease_id) only shortens the TTL. */
  #ttlFor(value: T, ttlMs: number | undefined): number {
    const ttl = ttlMs ?? this.#ttlMs;
    if (value === null || typeof value !== 'object') return ttl;
    const { lease_id: leaseId, lease_duration: leaseDuration } = value as { lease_id?: unknown; lease_duration?: unknown };
    if (typeof leaseDuration !== 'number' || !(leaseDuration > 0)) return ttl;
    if (typeof leaseId === 'string' && leaseId !== '') return leaseDuration * 1000;
    return Math.min(ttl, leaseDuration * 1000);
  }

  [inspect.custom](): string {
    // Keys are secret names, values are secrets: show neither.
    return `SecretCache { size: ${this.#entries.size}, hits: ${this.#hits}, misses: ${this.#misses} }`;
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`SecretCache ${name} must be a positive number`);
  return value;
}

function fraction(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value >= 0 && value < 1)) throw new RangeError(`SecretCache ${name} must be in [0, 1)`);
  return value;
}
