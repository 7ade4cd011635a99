// SecretCache benchmark: a cache hit against the cheapest possible async lookup (`await Promise.resolve(map.get(k))`)
// in the same run, single-flight under 10,000 concurrent cold gets, and memory per 100,000 cached entries.
// Run alone with `npm run bench -- secret-cache` (measures the built package, as users import it).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SecretCache } from 'mcp-secrets-runtime';

const KEYS = 1_000;
const OPS = 200_000;
const ROUNDS = 7;

export async function benchSecretCache(): Promise<Record<string, unknown>> {
  const hit = await hitLatency();
  const coldFetches = await concurrentColdGets(10_000);
  const memory = await memoryPer100k();
  return {
    'hit ns/op (SecretCache, best of 7 rounds)': hit.cacheNs,
    'hit ns/op (await Promise.resolve(map.get(k)), best of 7 rounds)': hit.mapNs,
    'hit latency ratio, best rounds (target < 2)': hit.ratio,
    'hit latency ratio, median of rounds': hit.medianRatio,
    '10,000 concurrent cold gets of one key -> fetches (target 1)': coldFetches.oneKey,
    '10,000 concurrent cold gets over 100 keys -> fetches (target 100)': coldFetches.hundredKeys,
    'bytes per entry, 100,000 entries (SecretCache)': memory.cacheBytes,
    'bytes per entry, 100,000 entries (Map of the same strings)': memory.mapBytes,
    'memory ratio to a Map': memory.ratio,
  };
}

async function hitLatency(): Promise<{ cacheNs: number; mapNs: number; ratio: number; medianRatio: number }> {
  const keys = Array.from({ length: KEYS }, (_, i) => `secret/data/app-${i}`);
  const map = new Map(keys.map((k) => [k, `value-${k}`]));
  const cache = new SecretCache(async (k: string) => `value-${k}`, { ttlMs: 3_600_000, maxEntries: KEYS * 2 });
  for (const k of keys) await cache.get(k);

  const timeCache = async () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) await cache.get(keys[i % KEYS]);
    return Number(process.hrtime.bigint() - start) / OPS;
  };
  const timeMap = async () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) await Promise.resolve(map.get(keys[i % KEYS]));
    return Number(process.hrtime.bigint() - start) / OPS;
  };
  await timeCache(); // warm-up: let both paths get optimised before measuring
  await timeMap();
  const ratios: number[] = [];
  const cacheTimes: number[] = [];
  const mapTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so neither side always runs on a warmer or cooler machine.
    const [c, m] = round % 2 === 0 ? [await timeCache(), await timeMap()] : (([m2, c2]) => [c2, m2])([await timeMap(), await timeCache()]);
    cacheTimes.push(c);
    mapTimes.push(m);
    ratios.push(c / m);
  }
  // The fastest round of each side is the one least disturbed by other work on a shared machine.
  return { cacheNs: Math.min(...cacheTimes), mapNs: Math.min(...mapTimes), ratio: Math.min(...cacheTimes) / Math.min(...mapTimes), medianRatio: median(ratios) };
}

async function concurrentColdGets(n: number): Promise<{ oneKey: number; hundredKeys: number }> {
  let fetches = 0;
  const fetcher = async (key: string) => {
    fetches++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return `value-${key}`;
  };
  const one = new SecretCache(fetcher, 60_000);
  await Promise.all(Array.from({ length: n }, () => one.get('db-password')));
  const oneKey = fetches;
  fetches = 0;
  const hundred = new SecretCache(fetcher, 60_000);
  await Promise.all(Array.from({ length: n }, (_, i) => hundred.get(`key-${i % 100}`)));
  return { oneKey, hundredKeys: fetches };
}

async function memoryPer100k(): Promise<{ cacheBytes: number; mapBytes: number; ratio: number }> {
  const gc = exposeGc();
  const n = 100_000;
  // Keys and values exist before each baseline, so only the structure's own overhead is counted.
  const keys = Array.from({ length: n }, (_, i) => `secret/data/service-${i}`);
  const values = keys.map((k) => `pw-${k.length}-${Math.random().toString(36).slice(2)}`);

  const measure = async (fill: () => Promise<unknown>): Promise<number> => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const held = await fill();
    gc();
    const after = process.memoryUsage().heapUsed;
    if (!held) throw new Error('unreachable');
    return (after - before) / n;
  };
  const cacheBytes = await measure(async () => {
    const byKey = new Map(keys.map((k, i) => [k, values[i]]));
    const cache = new SecretCache(async (k: string) => byKey.get(k)!, { ttlMs: 3_600_000, maxEntries: n });
    for (let i = 0; i < n; i += 1_000) await Promise.all(keys.slice(i, i + 1_000).map((k) => cache.get(k)));
    byKey.clear();
    return cache;
  });
  const mapBytes = await measure(async () => new Map(keys.map((k, i) => [k, values[i]])));
  return { cacheBytes: Math.round(cacheBytes), mapBytes: Math.round(mapBytes), ratio: cacheBytes / mapBytes };
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
