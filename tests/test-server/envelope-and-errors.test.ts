/**
 * The HTTP contract every client relies on (vault-api.md "Envelope, errors, headers"): envelope keys, error
 * bodies and statuses, and the two kinds of 403. Runs against a real Vault too (VAULT_ADDR + VAULT_TOKEN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupKv, startTestVault, vaultApi, writePolicy, type TestVault } from '../support/vault-env.js';
import { ENVELOPE_KEYS, createToken, unique } from './helpers.js';

let v: TestVault;
const kv = unique('kv1');

beforeAll(async () => {
  v = await startTestVault();
  await setupKv(v, { mount: kv, version: 1 });
  await vaultApi(v, 'POST', `${kv}/app`, { password: 'pw-1' });
});
afterAll(async () => {
  await vaultApi(v, 'DELETE', `sys/mounts/${kv}`);
  await v.close();
});

describe('envelope', () => {
  it('a successful read carries every envelope key, with null where nothing applies', async () => {
    const res = await vaultApi(v, 'GET', `${kv}/app`);
    expect(res.status).toBe(200);
    for (const key of ENVELOPE_KEYS) expect(res.body).toHaveProperty(key);
    expect(res.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).toMatchObject({ lease_id: '', renewable: false, wrap_info: null, warnings: null, auth: null });
    expect(res.body.data).toEqual({ password: 'pw-1' });
  });

  it('a write with nothing to return answers 204 without a body', async () => {
    const res = await vaultApi(v, 'POST', `${kv}/other`, { a: 'b' });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });
});

describe('errors', () => {
  it('a read that finds nothing is 404 with an empty errors array', async () => {
    const res = await vaultApi(v, 'GET', `${kv}/missing`);
    expect(res).toEqual({ status: 404, body: { errors: [] } });
  });

  it('an unknown token is 403 with both "permission denied" and "invalid token"', async () => {
    const res = await vaultApi(v, 'GET', `${kv}/app`, undefined, { token: 'hvs.not-a-real-token-000000' });
    expect(res.status).toBe(403);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toContain('permission denied');
    expect(res.body.errors[0]).toContain('invalid token');
  });

  it('a revoked token is 403 "invalid token"', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1h' });
    expect((await vaultApi(v, 'POST', 'auth/token/revoke-self', undefined, { token })).status).toBe(204);
    const res = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token });
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toContain('invalid token');
  });

  it('a valid token without the policy is 403 "permission denied" only', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1h' });
    const res = await vaultApi(v, 'GET', `${kv}/app`, undefined, { token });
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toContain('permission denied');
    expect(res.body.errors[0]).not.toContain('invalid token');
  });

  it('no token at all is 403 "permission denied"', async () => {
    const res = await vaultApi(v, 'GET', `${kv}/app`, undefined, { token: '' });
    expect(res.status).toBe(403);
    expect(res.body.errors.join()).toContain('permission denied');
    expect(res.body.errors.join()).not.toContain('invalid token');
  });

  it('a path no mount handles is 404 for a root token', async () => {
    const res = await vaultApi(v, 'GET', `${unique('nowhere')}/x`);
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toContain('no handler for route');
  });

  it('malformed JSON is 400', async () => {
    const res = await fetch(`${v.address}/v1/${kv}/app`, {
      method: 'POST',
      headers: { 'X-Vault-Token': v.adminToken, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: string[] }).errors[0]).toContain('failed to parse JSON input');
  });

  it('Authorization: Bearer works like X-Vault-Token', async () => {
    const res = await fetch(`${v.address}/v1/${kv}/app`, { headers: { Authorization: `Bearer ${v.adminToken}` } });
    expect(res.status).toBe(200);
  });
});

describe('sys/health', () => {
  it('answers 200 with the health document, unauthenticated', async () => {
    const res = await vaultApi(v, 'GET', 'sys/health', undefined, { token: '' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ initialized: true, sealed: false, standby: false });
    expect(typeof res.body.server_time_utc).toBe('number');
    expect(typeof res.body.version).toBe('string');
  });

  it('honours activecode and answers HEAD without a body', async () => {
    expect((await vaultApi(v, 'GET', 'sys/health?activecode=299', undefined, { token: '' })).status).toBe(299);
    const head = await fetch(`${v.address}/v1/sys/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('ACL policies (JSON and HCL)', () => {
  it('globs, "+" segments, exact paths and deny resolve as in Vault', async () => {
    const policy = unique('pol');
    await writePolicy(v, policy, {
      [`${kv}/team/*`]: ['read'],
      [`${kv}/team/secret`]: ['deny'],
      [`${kv}/+/shared`]: ['read', 'list'],
      [`${kv}/team/exact`]: ['update'],
    });
    for (const [path, data] of [[`team/a`, { v: 1 }], [`team/secret`, { v: 2 }], [`ops/shared`, { v: 3 }], [`team/exact`, { v: 4 }]] as const) {
      await vaultApi(v, 'POST', `${kv}/${path}`, data);
    }
    const token = await createToken(v, { policies: [policy], ttl: '1h' });
    const read = async (path: string): Promise<number> => (await vaultApi(v, 'GET', `${kv}/${path}`, undefined, { token })).status;
    expect(await read('team/a')).toBe(200);
    expect(await read('team/secret')).toBe(403); // deny wins
    expect(await read('ops/shared')).toBe(200); // + matches one segment
    expect(await read('team/exact')).toBe(403); // the exact rule (update only) beats the glob
    expect(await read('other/a')).toBe(403);
    expect((await vaultApi(v, 'POST', `${kv}/team/exact`, { v: 5 }, { token })).status).toBe(204);
    await vaultApi(v, 'DELETE', `sys/policies/acl/${policy}`);
  });

  it('accepts HCL policies and lists them', async () => {
    const policy = unique('hcl');
    const hcl = `# comment\npath "${kv}/hcl/*" {\n  capabilities = ["read", "list"]\n}\n`;
    expect((await vaultApi(v, 'PUT', `sys/policies/acl/${policy}`, { policy: hcl })).status).toBe(204);
    const read = await vaultApi(v, 'GET', `sys/policies/acl/${policy}`);
    expect(read.body.data).toEqual({ name: policy, policy: hcl });
    await vaultApi(v, 'POST', `${kv}/hcl/x`, { a: 1 });
    const token = await createToken(v, { policies: [policy], ttl: '1h' });
    expect((await vaultApi(v, 'GET', `${kv}/hcl/x`, undefined, { token })).status).toBe(200);
    await vaultApi(v, 'DELETE', `sys/policies/acl/${policy}`);
  });
});
