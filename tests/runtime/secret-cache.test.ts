import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretCache } from 'mcp-secrets-runtime';

// The refresh point is random by design; pinning random to 0.5 puts it exactly at the configured fraction.
const half = () => 0.5;
const quiet = { warn: vi.fn(), error: vi.fn() };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  vi.useFakeTimers();
  quiet.warn.mockReset();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SecretCache', () => {
  it('keeps the seed API: new SecretCache(fetcher, ttlMs) fetches once and then serves from memory', async () => {
    const fetcher = vi.fn(async (name: string) => `value-of-${name}`);
    const cache = new SecretCache(fetcher, 45 * 60 * 1000);
    expect(await cache.get('db-password')).toBe('value-of-db-password');
    expect(await cache.get('db-password')).toBe('value-of-db-password');
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, refreshes: 0, errors: 0, size: 1 });
  });

  it('is fresh until the refresh point, then answers at once and refreshes in the background', async () => {
    let version = 0;
    const fetcher = vi.fn(async () => `v${++version}`);
    const cache = new SecretCache(fetcher, { ttlMs: 1_000, random: half, logger: quiet });
    expect(await cache.get('k')).toBe('v1');
    vi.advanceTimersByTime(749);
    expect(await cache.get('k')).toBe('v1');
    expect(fetcher).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(await cache.get('k')).toBe('v1'); // served at once, refresh started
    expect(fetcher).toHaveBeenCalledTimes(2);
    await Promise.resolve();
    expect(await cache.get('k')).toBe('v2');
    expect(cache.stats.refreshes).toBe(1);
  });

  it('jitters the refresh point around the configured fraction', async () => {
    const at = async (random: number) => {
      const fetcher = vi.fn(async () => 'x');
      const cache = new SecretCache(fetcher, { ttlMs: 10_000, refreshAt: 0.75, refreshJitter: 0.1, random: () => random });
      await cache.get('k');
      let elapsed = 0;
      while (fetcher.mock.calls.length === 1 && elapsed < 10_000) {
        vi.advanceTimersByTime(10);
        elapsed += 10;
        await cache.get('k');
      }
      return elapsed;
    };
    expect(await at(0)).toBe(7_000);
    expect(await at(0.5)).toBe(7_500);
    expect(await at(0.99)).toBe(7_990);
  });

  it('shares one fetch between concurrent misses', async () => {
    const gate = deferred<string>();
    const fetcher = vi.fn(() => gate.promise);
    const cache = new SecretCache(fetcher, 60_000);
    const gets = Array.from({ length: 10_000 }, () => cache.get('same'));
    gate.resolve('shared');
    expect(new Set(await Promise.all(gets))).toEqual(new Set(['shared']));
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(cache.stats.misses).toBe(10_000);
  });

  it('serves the current value while refreshes fail, but never past the TTL; then rejects; then heals', async () => {
    let fail = false;
    const outage = new Error('Vault is sealed');
    const fetcher = vi.fn(async () => {
      if (fail) throw outage;
      return 'pw-1';
    });
    const cache = new SecretCache(fetcher, { ttlMs: 2_000, random: half, logger: quiet });
    await cache.get('db');
    fail = true;
    vi.advanceTimersByTime(1_500);
    expect(await cache.get('db')).toBe('pw-1'); // refresh starts and fails in the background
    await vi.advanceTimersByTimeAsync(0);
    expect(quiet.warn).toHaveBeenCalledWith(expect.stringContaining('refreshing secret "db" failed; the current value is served for 1s more: Vault is sealed'));
    vi.advanceTimersByTime(499);
    expect(await cache.get('db')).toBe('pw-1');
    vi.advanceTimersByTime(1);
    await expect(cache.get('db')).rejects.toBe(outage);
    await expect(cache.get('db')).rejects.toBe(outage);
    fail = false;
    expect(await cache.get('db')).toBe('pw-1');
    expect(cache.stats.errors).toBeGreaterThanOrEqual(3);
  });

  it('does not refetch on every get after a failed refresh', async () => {
    let fail = false;
    const fetcher = vi.fn(async () => {
      if (fail) throw new Error('down');
      return 'v';
    });
    const cache = new SecretCache(fetcher, { ttlMs: 10_000, random: half, logger: quiet });
    await cache.get('k');
    fail = true;
    vi.advanceTimersByTime(7_500);
    await cache.get('k');
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 50; i++) await cache.get('k');
    expect(fetcher).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(500); // retry delay: ttl / 20
    await cache.get('k');
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('invalidate forces the next get to fetch, even while an older fetch is still running', async () => {
    const first = deferred<string>();
    const answers = [() => first.promise, async () => 'fresh'];
    const fetcher = vi.fn(() => answers.shift()!());
    const cache = new SecretCache(fetcher, 60_000);
    const stale = cache.get('k');
    cache.invalidate('k');
    const fresh = cache.get('k');
    first.resolve('old');
    expect(await stale).toBe('old');
    expect(await fresh).toBe('fresh');
    expect(await cache.get('k')).toBe('fresh');
    expect(fetcher).toHaveBeenCalledTimes(2);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('uses a Vault lease as the TTL', async () => {
    const lease = { lease_id: 'database/creds/app/abc', lease_duration: 10, renewable: true, data: { password: 'p' } };
    const fetcher = vi.fn(async () => ({ ...lease }));
    const cache = new SecretCache(fetcher, { ttlMs: 3_600_000, random: half });
    await cache.get('creds');
    vi.advanceTimersByTime(7_499);
    await cache.get('creds');
    expect(fetcher).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    await cache.get('creds');
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('treats a lease_duration without lease_id (KV v1 advisory ttl) as an upper bound only', async () => {
    const fetcher = vi.fn(async () => ({ lease_id: '', lease_duration: 2_764_800, data: { a: 1 } }));
    const cache = new SecretCache(fetcher, { ttlMs: 1_000, random: half });
    await cache.get('k');
    vi.advanceTimersByTime(1_000);
    await cache.get('k');
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('honours a per-get TTL', async () => {
    const fetcher = vi.fn(async () => 'v');
    const cache = new SecretCache(fetcher, { ttlMs: 60_000, random: half });
    await cache.get('k', 100);
    vi.advanceTimersByTime(100);
    await cache.get('k', 100);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('evicts the least recently used entry past maxEntries', async () => {
    const fetcher = vi.fn(async (key: string) => key.toUpperCase());
    const cache = new SecretCache(fetcher, { ttlMs: 60_000, maxEntries: 3 });
    await cache.get('a');
    await cache.get('b');
    await cache.get('c');
    await cache.get('a'); // a becomes most recent; b is now the oldest
    await cache.get('d');
    expect(cache.stats.evictions).toBe(1);
    expect(cache.size).toBe(3);
    fetcher.mockClear();
    await cache.get('a');
    await cache.get('c');
    await cache.get('d');
    expect(fetcher).not.toHaveBeenCalled();
    await cache.get('b');
    expect(fetcher).toHaveBeenCalledWith('b');
  });

  it('recovers from a fetcher that throws synchronously', async () => {
    let calls = 0;
    const cache = new SecretCache<string>((() => {
      calls++;
      if (calls === 1) throw new Error('sync boom');
      return Promise.resolve('ok');
    }) as (key: string) => Promise<string>, 1_000);
    await expect(cache.get('k')).rejects.toThrow('sync boom');
    expect(await cache.get('k')).toBe('ok');
  });

  it('shows neither keys nor values in inspect()', async () => {
    const cache = new SecretCache(async () => 'super-secret-value', 1_000);
    await cache.get('db-password');
    const shown = inspect(cache, { showHidden: true, depth: 5 });
    expect(shown).not.toContain('super-secret-value');
    expect(shown).not.toContain('db-password');
    expect(shown).toContain('size: 1');
  });

  it('rejects nonsensical options', () => {
    expect(() => new SecretCache(async () => 'x', 0)).toThrow(RangeError);
    expect(() => new SecretCache(async () => 'x', { refreshAt: 1.5 })).toThrow(RangeError);
    expect(() => new SecretCache(async () => 'x', { maxEntries: -1 })).toThrow(RangeError);
  });
});
