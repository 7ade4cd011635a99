/**
 * Token lifecycle (vault-api.md "Tokens" and "Max TTL"): lookup-self fields, renew-self capping with Vault's
 * warning and a shrinking lease, "past the max TTL, cannot renew", revoke-self, use limits and expiry.
 * Runs against a real Vault too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAppRole, startTestVault, vaultApi, writePolicy, type TestVault } from '../support/vault-env.js';
import { createToken, sleep, unique } from './helpers.js';

let v: TestVault;
const approle = unique('approle');

beforeAll(async () => {
  v = await startTestVault();
});
afterAll(async () => {
  await vaultApi(v, 'DELETE', `sys/auth/${approle}`);
  await v.close();
});

async function appRoleLogin(role: string, opts: { tokenTtl: string; tokenMaxTtl: string }): Promise<string> {
  const { roleId, secretId } = await setupAppRole(v, { mount: approle, role, policies: ['default'], ...opts });
  const login = await vaultApi(v, 'POST', `auth/${approle}/login`, { role_id: roleId, secret_id: secretId }, { token: '' });
  expect(login.status).toBe(200);
  return login.body.auth.client_token as string;
}

const CAP_WARNING = /^TTL of "(\S+)" exceeded the effective max_ttl of "(\d+)s"; TTL value is capped accordingly$/;

describe('auth/token/create and lookup-self', () => {
  it('returns the documented auth block and lookup fields', async () => {
    const created = await vaultApi(v, 'POST', 'auth/token/create', { policies: ['default'], ttl: '1h', explicit_max_ttl: '2h', meta: { app: 'x' } });
    expect(created.status).toBe(200);
    expect(created.body.data).toBeNull();
    expect(created.body.lease_duration).toBe(0);
    const auth = created.body.auth;
    expect(auth).toMatchObject({ policies: ['default'], token_policies: ['default'], metadata: { app: 'x' }, lease_duration: 3600, renewable: true, token_type: 'service', orphan: false, num_uses: 0 });
    for (const key of ['client_token', 'accessor', 'entity_id']) expect(auth).toHaveProperty(key);

    const lookup = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token: auth.client_token });
    expect(lookup.status).toBe(200);
    const data = lookup.body.data;
    for (const key of ['accessor', 'creation_time', 'creation_ttl', 'display_name', 'expire_time', 'explicit_max_ttl', 'id', 'issue_time', 'meta', 'num_uses', 'orphan', 'path', 'policies', 'renewable', 'ttl']) {
      expect(data).toHaveProperty(key);
    }
    expect(data).toMatchObject({ id: auth.client_token, accessor: auth.accessor, creation_ttl: 3600, explicit_max_ttl: 7200, path: 'auth/token/create', renewable: true, num_uses: 0 });
    expect(data.ttl).toBeGreaterThan(3590);
    expect(Date.parse(data.expire_time)).toBeGreaterThan(Date.now() + 3590_000);
  });
});

describe('renew-self and the max TTL', () => {
  it('caps the renewal at the max TTL with Vault\'s warning, and the lease shrinks with every renewal', async () => {
    const token = await appRoleLogin(unique('cap'), { tokenTtl: '2s', tokenMaxTtl: '8s' });
    const first = await vaultApi(v, 'POST', 'auth/token/renew-self', { increment: '1h' }, { token });
    expect(first.status).toBe(200);
    const [warning] = first.body.warnings;
    const match = CAP_WARNING.exec(warning);
    expect(match?.[1]).toBe('1h');
    expect(first.body.auth.lease_duration).toBe(Number(match?.[2]));
    expect(first.body.auth.lease_duration).toBeLessThanOrEqual(8);
    await sleep(2100);
    const second = await vaultApi(v, 'POST', 'auth/token/renew-self', { increment: '1h' }, { token });
    expect(second.status).toBe(200);
    expect(second.body.warnings[0]).toMatch(CAP_WARNING);
    expect(second.body.auth.lease_duration).toBeLessThan(first.body.auth.lease_duration);
  });

  it('renews by the increment when it fits, without warnings', async () => {
    const token = await appRoleLogin(unique('fit'), { tokenTtl: '10s', tokenMaxTtl: '1h' });
    const res = await vaultApi(v, 'POST', 'auth/token/renew-self', { increment: '60s' }, { token });
    expect(res.body.warnings).toBeNull();
    expect(res.body.auth.lease_duration).toBe(60);
  });

  it('refuses with 400 "past the max TTL, cannot renew" once the effective max has passed', async () => {
    const role = unique('past');
    const token = await appRoleLogin(role, { tokenTtl: '60s', tokenMaxTtl: '120s' });
    // Renewals read the role's current max TTL: shrinking it puts the token past its max while still valid.
    expect((await vaultApi(v, 'POST', `auth/${approle}/role/${role}`, { token_ttl: '1s', token_max_ttl: '1s' })).status).toBe(204);
    await sleep(2100);
    const res = await vaultApi(v, 'POST', 'auth/token/renew-self', { increment: '60s' }, { token });
    expect(res).toEqual({ status: 400, body: { errors: ['past the max TTL, cannot renew'] } });
  });

  it('a non-renewable token answers 400 "lease is not renewable"', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1h', renewable: false });
    const res = await vaultApi(v, 'POST', 'auth/token/renew-self', {}, { token });
    expect(res).toEqual({ status: 400, body: { errors: ['lease is not renewable'] } });
  });
});

describe('revocation, use limits and expiry', () => {
  it('revoke-self answers 204 and revokes child tokens too', async () => {
    const creator = unique('creator');
    await writePolicy(v, creator, { 'auth/token/create': ['update'] });
    const parent = await createToken(v, { policies: [creator], ttl: '1h' });
    const child = (await vaultApi(v, 'POST', 'auth/token/create', { policies: ['default'], ttl: '1h' }, { token: parent })).body.auth.client_token;
    expect((await vaultApi(v, 'POST', 'auth/token/revoke-self', undefined, { token: parent })).status).toBe(204);
    const res = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token: child });
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toContain('invalid token');
  });

  it('a token with num_uses works that many times, then is invalid', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1h', num_uses: 2 });
    const first = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token });
    expect(first.body.data.num_uses).toBe(1);
    expect((await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token })).status).toBe(200);
    const third = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token });
    expect(third.status).toBe(403);
    expect(third.body.errors[0]).toContain('invalid token');
  });

  it('an expired token is invalid', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1s' });
    await sleep(1500);
    const res = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token });
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toContain('invalid token');
  });
});
