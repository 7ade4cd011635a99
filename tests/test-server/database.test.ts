/**
 * The database engine with the PostgreSQL plugin, against a real PostgreSQL with scram-sha-256
 * (vault-api.md "Database secrets engine" and "Leases"): creds shape, a role that can log in, VALID UNTIL set at
 * creation and moved by renewals, revocation and expiry dropping the role (new logins fail with 28P01), and the
 * documented sys/leases errors. Runs against a real Vault too (it must reach the test PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { setupDatabase, startTestVault, vaultApi, writePolicy, type TestVault } from '../support/vault-env.js';
import { startVaultTestServer } from '../support/vault-server/index.js';
import { createToken, eventually, isRealVault, roleExists, sleep, superQuery, tryLogin, unique } from './helpers.js';

let v: TestVault;
let db: TestPostgres;
const mount = unique('db');
const role = unique('ro');

beforeAll(async () => {
  [v, db] = await Promise.all([startTestVault(), startTestPostgres()]);
  await superQuery(db, 'CREATE TABLE items (id int); INSERT INTO items VALUES (1), (2)');
  await setupDatabase(v, db, { mount, role, defaultTtl: '1h', maxTtl: '2h' });
});
afterAll(async () => {
  await vaultApi(v, 'PUT', `sys/leases/revoke-prefix/${mount}`);
  await vaultApi(v, 'DELETE', `sys/mounts/${mount}`);
  await v.close();
  await db.stop();
});

interface Creds {
  leaseId: string;
  leaseDuration: number;
  username: string;
  password: string;
}

async function readCreds(roleName = role, token?: string): Promise<Creds> {
  const res = await vaultApi(v, 'GET', `${mount}/creds/${roleName}`, undefined, { token });
  expect(res.status).toBe(200);
  return { leaseId: res.body.lease_id, leaseDuration: res.body.lease_duration, username: res.body.data.username, password: res.body.data.password };
}

async function validUntil(username: string): Promise<number> {
  const [row] = await superQuery<{ rolvaliduntil: Date }>(db, 'SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1', [username]);
  return row.rolvaliduntil.getTime();
}

describe('database creds', () => {
  it('answer the documented shape: leased, renewable, lease_duration = default_ttl, username and password', async () => {
    const res = await vaultApi(v, 'GET', `${mount}/creds/${role}`);
    expect(res.status).toBe(200);
    expect(res.body.lease_id).toMatch(new RegExp(`^${mount}/creds/${role}/[0-9A-Za-z]{24}$`));
    expect(res.body).toMatchObject({ renewable: true, lease_duration: 3600, wrap_info: null, auth: null });
    expect(Object.keys(res.body.data).sort()).toEqual(['password', 'username']);
    const { username, password } = res.body.data;
    // v-<display name, 8>-<role, 8>-<random 20>-<unix time>, at most 63 characters
    expect(username.length).toBeLessThanOrEqual(63);
    expect(username.startsWith('v-')).toBe(true);
    expect(username).toContain(`-${role.slice(0, 8)}-`);
    const [, random, unix] = /-([0-9A-Za-z]{20})-(\d+)$/.exec(username) ?? [];
    expect(random).toHaveLength(20);
    expect(Math.abs(Number(unix) - Date.now() / 1000)).toBeLessThan(30);
    expect(password).toMatch(/^[A-Za-z0-9-]{20}$/);
    if (!isRealVault(v)) expect(username.startsWith(`v-root-${role.slice(0, 8)}-`)).toBe(true);
    await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: res.body.lease_id });
  });

  it('log in to PostgreSQL with scram, see the granted table, and carry VALID UNTIL = now + ttl + 5 s', async () => {
    const creds = await readCreds();
    expect(await tryLogin(db, creds.username, creds.password)).toBe('ok');
    expect(await tryLogin(db, creds.username, 'wrong-password')).toBe('28P01');
    const expected = Date.now() + 3600_000 + 5000;
    expect(Math.abs((await validUntil(creds.username)) - expected)).toBeLessThan(5000);
    await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: creds.leaseId });
  });

  it('renewal ALTERs VALID UNTIL to now + increment (+ 5 s) and answers the new lease_duration', async () => {
    const creds = await readCreds();
    const res = await vaultApi(v, 'PUT', 'sys/leases/renew', { lease_id: creds.leaseId, increment: 600 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lease_id: creds.leaseId, renewable: true, lease_duration: 600, warnings: null });
    expect(Math.abs((await validUntil(creds.username)) - (Date.now() + 605_000))).toBeLessThan(5000);
    await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: creds.leaseId });
  });

  it('renewal past the max TTL is capped with the warning', async () => {
    const creds = await readCreds();
    const res = await vaultApi(v, 'PUT', 'sys/leases/renew', { lease_id: creds.leaseId, increment: '10h' });
    expect(res.status).toBe(200);
    expect(res.body.warnings[0]).toMatch(/^TTL of "10h" exceeded the effective max_ttl of "(1h59m\d+s|2h)"; TTL value is capped accordingly$/);
    expect(res.body.lease_duration).toBeLessThanOrEqual(7200);
    expect(res.body.lease_duration).toBeGreaterThan(7100);
    await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: creds.leaseId });
  });

  it('revocation answers 204 and drops the role: new logins fail with 28P01', async () => {
    const creds = await readCreds();
    expect(await tryLogin(db, creds.username, creds.password)).toBe('ok');
    expect((await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: creds.leaseId })).status).toBe(204);
    expect(await roleExists(db, creds.username)).toBe(false);
    expect(await tryLogin(db, creds.username, creds.password)).toBe('28P01');
  });

  it('expiry revokes: the role is dropped soon after the lease ends', async () => {
    const shortRole = unique('short');
    await setupDatabase(v, db, { mount, role: shortRole, defaultTtl: '2s', maxTtl: '4s' });
    const creds = await readCreds(shortRole);
    expect(creds.leaseDuration).toBe(2);
    expect(await tryLogin(db, creds.username, creds.password)).toBe('ok');
    expect(await eventually(async () => !(await roleExists(db, creds.username)), 15_000, 200)).toBe(true);
    expect(await tryLogin(db, creds.username, creds.password)).toBe('28P01');
  });

  it('revoking the token that read the creds revokes its leases', async () => {
    const policy = unique('creds');
    await writePolicy(v, policy, { [`${mount}/creds/${role}`]: ['read'] });
    const token = await createToken(v, { policies: [policy], ttl: '1h' });
    const creds = await readCreds(role, token);
    expect((await vaultApi(v, 'POST', 'auth/token/revoke', { token })).status).toBe(204);
    expect(await eventually(async () => !(await roleExists(db, creds.username)), 15_000, 200)).toBe(true);
  });

  it('sys/leases/lookup describes the lease', async () => {
    const creds = await readCreds();
    const res = await vaultApi(v, 'PUT', 'sys/leases/lookup', { lease_id: creds.leaseId });
    expect(res.body.data).toMatchObject({ id: creds.leaseId, renewable: true, last_renewal: null });
    expect(res.body.data.ttl).toBeGreaterThan(3590);
    await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: creds.leaseId });
  });
});

describe('sys/leases errors', () => {
  it('renew without lease_id: 400 "lease_id must be specified"', async () => {
    expect(await vaultApi(v, 'PUT', 'sys/leases/renew', {})).toEqual({ status: 400, body: { errors: ['lease_id must be specified'] } });
  });

  it('renew of an unknown lease: 400 "lease not found"', async () => {
    expect(await vaultApi(v, 'PUT', 'sys/leases/renew', { lease_id: `${mount}/creds/${role}/nope` })).toEqual({
      status: 400,
      body: { errors: ['lease not found'] },
    });
  });

  it('revoke of an unknown lease: 204', async () => {
    expect((await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: `${mount}/creds/${role}/nope` })).status).toBe(204);
  });

  it('renew past the max TTL: 400 "past the max TTL, cannot renew"', async () => {
    const pastRole = unique('past');
    await setupDatabase(v, db, { mount, role: pastRole, defaultTtl: '60s', maxTtl: '120s' });
    const creds = await readCreds(pastRole);
    // Renewals use the role's current max TTL: shrinking it puts the lease past its max while it is still valid.
    expect((await vaultApi(v, 'POST', `${mount}/roles/${pastRole}`, { default_ttl: '1s', max_ttl: '1s' })).status).toBe(204);
    await sleep(2100);
    expect(await vaultApi(v, 'PUT', 'sys/leases/renew', { lease_id: creds.leaseId, increment: 60 })).toEqual({
      status: 400,
      body: { errors: ['past the max TTL, cannot renew'] },
    });
    await vaultApi(v, 'PUT', 'sys/leases/revoke', { lease_id: creds.leaseId });
  });
});

describe('test server only', () => {
  it('the revokeLease fault drops the role behind the client\'s back', async (ctx) => {
    if (!v.server) return ctx.skip();
    const creds = await readCreds();
    await v.server.faults.revokeLease(creds.leaseId);
    expect(await tryLogin(db, creds.username, creds.password)).toBe('28P01');
    expect((await vaultApi(v, 'PUT', 'sys/leases/renew', { lease_id: creds.leaseId })).body.errors).toEqual(['lease not found']);
  });

  it('close() revokes every outstanding lease', async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    const server = await startVaultTestServer();
    const local: TestVault = { address: server.address, adminToken: server.rootToken, server, close: () => server.close() };
    const localRole = unique('close');
    await setupDatabase(local, db, { role: localRole, defaultTtl: '1h', maxTtl: '1h' });
    const res = await vaultApi(local, 'GET', `database/creds/${localRole}`);
    const username = res.body.data.username as string;
    expect(await roleExists(db, username)).toBe(true);
    await server.close();
    expect(await roleExists(db, username)).toBe(false);
  });
});
