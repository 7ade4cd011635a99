// SecretCache in front of a real Vault over HTTP: a sealed Vault for longer than the TTL makes get() reject once
// the TTL has passed (never a credential past its lease), and get() heals after unseal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretCache, VaultSealedError, appRole, createVaultClient, type VaultClient } from 'mcp-secrets-runtime';
import { setupAppRole, setupKv, startTestVault, vaultApi, writePolicy, type TestVault } from '../support/vault-env.js';
import { LeakAudit, uid } from './helpers/integration.js';

const id = uid();
const kv = `kv-${id}`;
const API_KEY = `sk-live-${id}-cache`;
let v: TestVault;
let client: VaultClient;
const audit = new LeakAudit();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  v = await startTestVault();
  await setupKv(v, { mount: kv, version: 2 });
  await writePolicy(v, `cache-${id}`, { [`${kv}/data/*`]: ['read'] });
  await vaultApi(v, 'POST', `${kv}/data/api`, { data: { key: API_KEY } });
  const { roleId, secretId } = await setupAppRole(v, { role: `cache-${id}`, policies: [`cache-${id}`], tokenTtl: '1h' });
  audit.secret(secretId, API_KEY, v.adminToken);
  // A short request budget: a sealed Vault answers 503 at once, and the client retries only within this budget.
  client = createVaultClient({ address: v.address, auth: appRole({ roleId, secretId }), logger: audit.logger, requestTimeoutMs: 400 });
  process.on('unhandledRejection', onUnhandled);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await client?.close();
  audit.assertClean();
  await v?.close();
});

describe('SecretCache against Vault', () => {
  it('a Vault sealed for longer than the TTL: stale only until the TTL ends, then get rejects; heals after unseal', { timeout: 30_000 }, async (ctx) => {
    if (!v.server) return ctx.skip(); // sealing a shared real Vault is not something a test should do
    // Log in and detect the KV version first, so the cache's own fetch is one quick read.
    await client.kv(kv).version();
    audit.secret(await client.token());
    const cache = new SecretCache((name: string) => client.kv(kv).get<{ key: string }>(name).then((s) => s.key), { ttlMs: 3_000, logger: audit.logger });
    const fetchStarted = Date.now();
    expect(await cache.get('api')).toBe(API_KEY);
    const storedBy = Date.now(); // the entry was stored between fetchStarted and storedBy: it expires in that window + 3 s
    v.server.faults.seal();
    try {
      // Past the refresh point (70-80% of 3 s), before the TTL: the current value, at once; the refresh fails behind it.
      await sleep(storedBy + 2_500 - Date.now());
      expect(Date.now()).toBeLessThan(fetchStarted + 3_000);
      expect(await cache.get('api')).toBe(API_KEY);
      await expect.poll(() => cache.stats.errors, { timeout: 2_000 }).toBeGreaterThanOrEqual(1);
      // Past the TTL: rejected, with the outage as the reason, never the old value.
      await sleep(storedBy + 3_050 - Date.now());
      const err = await audit.rejection(cache.get('api'));
      expect(err).toBeInstanceOf(VaultSealedError);
      expect(err.message).toMatch(/Vault is sealed/);
      await sleep(500);
      expect(audit.error(await audit.rejection(cache.get('api')))).toBeInstanceOf(VaultSealedError);
    } finally {
      v.server.faults.unseal();
    }
    expect(await cache.get('api')).toBe(API_KEY);
    expect(cache.stats.hits).toBeGreaterThanOrEqual(1);
    expect(cache.stats.refreshes).toBeGreaterThanOrEqual(1);
    expect(audit.lines.some((l) => /refreshing secret "api" failed; the current value is served for \ds more/.test(l))).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
