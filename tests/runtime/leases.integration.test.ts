// Leased secrets over real HTTP with a real PostgreSQL (scram-sha-256): the database engine's dynamic credentials
// are renewed on the LifetimeWatcher schedule, rotation is signalled before the max TTL, SecretCache takes the
// lease as its TTL, and close() revokes what the client leased (the PostgreSQL roles disappear).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretCache, appRole, createVaultClient, type RenewedEvent, type RotateEvent, type VaultClient, type VaultResponse } from 'mcp-secrets-runtime';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { setupAppRole, setupDatabase, startTestVault, writePolicy, type TestVault } from '../support/vault-env.js';
import { LeakAudit, countingFetch, uid } from './helpers/integration.js';

interface DbCreds {
  username: string;
  password: string;
}

const id = uid();
const mount = `db-${id}`;
const longRole = `long-${id}`;
const shortRole = `short-${id}`;
let v: TestVault;
let pgServer: TestPostgres;
let admin: pg.Client;
let roleId: string;
let secretId: string;
const audit = new LeakAudit();
const clients: VaultClient[] = [];

function client(fetchImpl?: typeof fetch): VaultClient {
  const c = createVaultClient({ address: v.address, auth: appRole({ roleId, secretId }), logger: audit.logger, fetch: fetchImpl });
  clients.push(c);
  return c;
}

async function roleInfo(username: string): Promise<{ validUntil: Date | null } | undefined> {
  const res = await admin.query<{ rolvaliduntil: Date | null }>('SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1', [username]);
  return res.rows[0] ? { validUntil: res.rows[0].rolvaliduntil } : undefined;
}

async function readCreds(c: VaultClient, role: string): Promise<VaultResponse<DbCreds>> {
  const creds = await c.read<DbCreds>(`${mount}/creds/${role}`);
  audit.secret(creds.data.password);
  return creds;
}

beforeAll(async () => {
  [v, pgServer] = await Promise.all([startTestVault(), startTestPostgres()]);
  admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await setupDatabase(v, pgServer, { mount, role: longRole, defaultTtl: '1h', maxTtl: '2h' });
  await setupDatabase(v, pgServer, { mount, role: shortRole, defaultTtl: '3s', maxTtl: '8s' });
  await writePolicy(v, `db-${id}`, { [`${mount}/creds/*`]: ['read'], 'sys/leases/renew': ['update'], 'sys/leases/revoke': ['update'] });
  ({ roleId, secretId } = await setupAppRole(v, { role: `db-app-${id}`, policies: [`db-${id}`], tokenTtl: '1h' }));
  audit.secret(secretId, pgServer.password, v.adminToken);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  audit.assertClean();
  await admin?.end();
  await v?.close();
  await pgServer?.stop();
});

describe('leases', () => {
  it('close() revokes every lease the client handed out (and only once)', async () => {
    const counter = countingFetch();
    const c = client(counter.fetch);
    const a = await readCreds(c, longRole);
    const b = await readCreds(c, longRole);
    expect(a.lease_id).toMatch(new RegExp(`^${mount}/creds/${longRole}/`));
    expect(a.lease_duration).toBe(3600);
    expect(await roleInfo(a.data.username)).toBeDefined();
    // A lease revoked explicitly is forgotten, so close() does not revoke it again.
    await c.revokeLease(b.lease_id);
    await expect.poll(() => roleInfo(b.data.username)).toBeUndefined();
    await c.close();
    await expect.poll(() => roleInfo(a.data.username)).toBeUndefined();
    expect(counter.count(/^sys\/leases\/revoke$/)).toBe(2);
    expect(counter.count(/^auth\/token\/revoke-self$/)).toBe(1);
  });

  it('renewLease extends the PostgreSQL role (ALTER ROLE ... VALID UNTIL)', async () => {
    const c = client();
    const creds = await readCreds(c, shortRole);
    const before = (await roleInfo(creds.data.username))?.validUntil;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const info = await c.renewLease(creds.lease_id, 3);
    expect(info.leaseId).toBe(creds.lease_id);
    expect(info.leaseDurationSec).toBeGreaterThan(0);
    expect(info.renewable).toBe(true);
    const after = (await roleInfo(creds.data.username))?.validUntil;
    expect(after!.getTime()).toBeGreaterThan(before!.getTime());
  });

  it('watchLease renews a short lease on schedule and signals rotate before the max TTL ends', { timeout: 30_000 }, async () => {
    const c = client();
    const issuedAt = Date.now();
    const creds = await readCreds(c, shortRole);
    const renewed: RenewedEvent[] = [];
    const rotate = new Promise<RotateEvent>((resolve) => {
      c.watchLease(creds, { onRenewed: (e) => renewed.push(e), onRotate: resolve });
    });
    const event = await rotate;
    const now = Date.now();
    expect(renewed.length).toBeGreaterThanOrEqual(2);
    expect(renewed.some((e) => e.capped)).toBe(true);
    expect(event.reason).toBe('max-ttl');
    // The replacement is asked for before the 8 s max TTL ends, while the old credentials still work.
    expect(now).toBeLessThan(issuedAt + 8_000);
    expect(event.expiresAt).toBeLessThanOrEqual(issuedAt + 8_000);
    expect(await roleInfo(creds.data.username)).toBeDefined();
  });

  it('SecretCache takes the lease as the TTL and fetches new credentials ahead of its end', { timeout: 30_000 }, async () => {
    const c = client();
    const cache = new SecretCache((role: string) => readCreds(c, role), { ttlMs: 3_600_000, logger: audit.logger });
    const first = await cache.get(shortRole);
    expect(first.lease_duration).toBe(3);
    expect(await cache.get(shortRole)).toBe(first);
    // The refresh point is 70-80% of the 3 s lease; after it, a get still answers with the current credentials at
    // once and the next one has new credentials (a new PostgreSQL role).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await cache.get(shortRole)).toBe(first);
    await expect.poll(async () => (await cache.get(shortRole)).data.username, { timeout: 5_000 }).not.toBe(first.data.username);
    expect(cache.stats.refreshes).toBe(1);
  });
});
