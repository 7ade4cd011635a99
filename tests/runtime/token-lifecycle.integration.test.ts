// Token lifetime over real HTTP and real time: renewals on the LifetimeWatcher schedule, a re-login before Vault's
// max TTL ends the token, and a re-login when renewals keep failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRole, createVaultClient, type VaultClient } from 'mcp-secrets-runtime';
import { setupAppRole, setupKv, startTestVault, vaultApi, writePolicy, type TestVault } from '../support/vault-env.js';
import { LeakAudit, countingFetch, uid } from './helpers/integration.js';

const id = uid();
const kv = `kv-${id}`;
const policy = `lifecycle-${id}`;
const VALUE = `value-${id}-lifecycle`;
let v: TestVault;
const audit = new LeakAudit();
const clients: VaultClient[] = [];

beforeAll(async () => {
  v = await startTestVault();
  await setupKv(v, { mount: kv, version: 2 });
  await writePolicy(v, policy, { [`${kv}/data/*`]: ['read'] });
  await vaultApi(v, 'POST', `${kv}/data/app`, { data: { value: VALUE } });
  audit.secret(VALUE, v.adminToken);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  audit.assertClean();
  await v?.close();
});

async function shortLivedClient(role: string, tokenTtl: string, tokenMaxTtl: string) {
  const { roleId, secretId } = await setupAppRole(v, { role, policies: [policy], tokenTtl, tokenMaxTtl });
  audit.secret(secretId);
  const counter = countingFetch();
  const client = createVaultClient({ address: v.address, auth: appRole({ roleId, secretId }), fetch: counter.fetch, logger: audit.logger, requestTimeoutMs: 5_000 });
  clients.push(client);
  return { client, counter };
}

/** Reads every 100 ms for durationMs; returns how many reads ran. Any failed read fails the test. */
async function keepReading(client: VaultClient, durationMs: number): Promise<number> {
  const end = Date.now() + durationMs;
  let reads = 0;
  const tokens = new Set<string>();
  while (Date.now() < end) {
    const secret = await client.read(`${kv}/data/app`);
    expect(secret.data.data.value).toBe(VALUE);
    reads++;
    const token = await client.token();
    if (!tokens.has(token)) {
      tokens.add(token);
      audit.secret(token);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return reads;
}

describe('token lifecycle', () => {
  it('a 2 s TTL / 5 s max TTL token keeps a client working for 10 s: renewals, and a re-login per max TTL', { timeout: 40_000 }, async () => {
    const { client, counter } = await shortLivedClient(`short-${id}`, '2s', '5s');
    const reads = await keepReading(client, 10_000);
    const logins = counter.count(/^auth\/approle\/login$/);
    const renewals = counter.count(/^auth\/token\/renew-self$/);
    // Each read was sent exactly once: no request met an expired token and needed the invalid-token retry.
    expect(counter.count(new RegExp(`^${kv}/data/app$`))).toBe(reads);
    expect(audit.lines.filter((l) => l.includes('rejected the approle token as invalid'))).toEqual([]);
    // 10 s of 5 s tokens: the first login plus one re-login before each max TTL ends (the second is due near 9.5 s).
    expect(logins).toBeGreaterThanOrEqual(2);
    expect(logins).toBeLessThanOrEqual(3);
    // 2 s tokens renewed at ~1.4 s intervals while they can still grow.
    expect(renewals).toBeGreaterThanOrEqual(2 * (logins - 1));
    expect(audit.lines.some((l) => l.includes('Vault token needs replacing'))).toBe(true);
  });

  it('logs in again before expiry when renewals keep failing', { timeout: 30_000 }, async (ctx) => {
    if (!v.server) return ctx.skip();
    const { client, counter } = await shortLivedClient(`flaky-${id}`, '3s', '1h');
    await client.read(`${kv}/data/app`);
    v.server.faults.failNext(1_000, 500, /auth\/token\/renew-self/);
    try {
      const reads = await keepReading(client, 5_000);
      expect(counter.count(new RegExp(`^${kv}/data/app$`))).toBe(reads + 1);
      expect(counter.count(/^auth\/approle\/login$/)).toBeGreaterThanOrEqual(2);
      expect(counter.count(/^auth\/token\/renew-self$/)).toBeGreaterThanOrEqual(1);
      expect(audit.lines.some((l) => l.includes('Vault token renewal failed'))).toBe(true);
      expect(audit.lines.some((l) => /needs replacing \(renewal-failed\)/.test(l))).toBe(true);
    } finally {
      v.server.faults.reset();
    }
  });

  it('keeps retrying the login in the background while Vault is sealed, and recovers after unseal', { timeout: 30_000 }, async (ctx) => {
    if (!v.server) return ctx.skip();
    const { client, counter } = await shortLivedClient(`sealed-${id}`, '2s', '1h');
    await client.read(`${kv}/data/app`);
    v.server.faults.seal();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const during = await audit.rejection(client.read(`${kv}/data/app`));
    expect(during.name).toMatch(/VaultSealedError|VaultUnavailableError/);
    v.server.faults.unseal();
    expect((await client.read(`${kv}/data/app`)).data.data.value).toBe(VALUE);
    expect(counter.count(/^auth\/approle\/login$/)).toBeGreaterThanOrEqual(2);
  });
});
