/**
 * AppRole (vault-api.md "Auth"): login shape, the documented 400 errors, secret_id num_uses (the last use still
 * logs in, the next is refused) and the secret-id generation response. Runs against a real Vault too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAppRole, startTestVault, vaultApi, type TestVault } from '../support/vault-env.js';
import { ENVELOPE_KEYS, isRealVault, sleep, unique } from './helpers.js';

let v: TestVault;
const mount = unique('approle');
const login = (body: Record<string, unknown>) => vaultApi(v, 'POST', `auth/${mount}/login`, body, { token: '' });

beforeAll(async () => {
  v = await startTestVault();
});
afterAll(async () => {
  await vaultApi(v, 'DELETE', `sys/auth/${mount}`);
  await v.close();
});

describe('AppRole login', () => {
  it('answers 200 with the auth block and data: null', async () => {
    const role = unique('app');
    const { roleId, secretId } = await setupAppRole(v, { mount, role, policies: ['app-read'], tokenTtl: '20m', tokenMaxTtl: '1h' });
    const res = await login({ role_id: roleId, secret_id: secretId });
    expect(res.status).toBe(200);
    for (const key of ENVELOPE_KEYS) expect(res.body).toHaveProperty(key);
    expect(res.body).toMatchObject({ data: null, lease_id: '', lease_duration: 0, renewable: false });
    const auth = res.body.auth;
    for (const key of ['client_token', 'accessor', 'policies', 'token_policies', 'metadata', 'lease_duration', 'renewable', 'entity_id', 'token_type', 'orphan', 'num_uses']) {
      expect(auth).toHaveProperty(key);
    }
    expect(auth).toMatchObject({ lease_duration: 1200, renewable: true, policies: ['app-read', 'default'], token_policies: ['app-read', 'default'], metadata: { role_name: role }, token_type: 'service', orphan: true });
    const self = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token: auth.client_token });
    expect(self.body.data.path).toBe(`auth/${mount}/login`);
  });

  it('rejects missing and wrong credentials with the documented 400 errors', async () => {
    const { roleId, secretId } = await setupAppRole(v, { mount, role: unique('err'), policies: ['default'] });
    expect(await login({ secret_id: secretId })).toEqual({ status: 400, body: { errors: ['missing role_id'] } });
    expect(await login({ role_id: roleId })).toEqual({ status: 400, body: { errors: ['missing secret_id'] } });
    expect(await login({ role_id: roleId, secret_id: 'wrong' })).toEqual({ status: 400, body: { errors: ['invalid role or secret ID'] } });
    expect(await login({ role_id: 'no-such-role-id', secret_id: secretId })).toEqual({ status: 400, body: { errors: ['invalid role or secret ID'] } });
  });

  it('a secret_id with num_uses 2 logs in twice; the third login gets 400', async () => {
    const { roleId, secretId } = await setupAppRole(v, { mount, role: unique('uses'), policies: ['default'], secretIdNumUses: 2 });
    expect((await login({ role_id: roleId, secret_id: secretId })).status).toBe(200);
    expect((await login({ role_id: roleId, secret_id: secretId })).status).toBe(200);
    expect(await login({ role_id: roleId, secret_id: secretId })).toEqual({ status: 400, body: { errors: ['invalid role or secret ID'] } });
  });

  it('num_uses 0 means unlimited', async () => {
    const { roleId, secretId } = await setupAppRole(v, { mount, role: unique('unl'), policies: ['default'], secretIdNumUses: 0 });
    for (let i = 0; i < 5; i++) expect((await login({ role_id: roleId, secret_id: secretId })).status).toBe(200);
  });

  it('generating a secret_id returns secret_id, accessor, ttl and num_uses', async () => {
    const role = unique('gen');
    await setupAppRole(v, { mount, role, policies: ['default'], secretIdNumUses: 5, secretIdTtl: '10m' });
    const res = await vaultApi(v, 'POST', `auth/${mount}/role/${role}/secret-id`, {});
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual(['secret_id', 'secret_id_accessor', 'secret_id_num_uses', 'secret_id_ttl']);
    expect(res.body.data).toMatchObject({ secret_id_ttl: 600, secret_id_num_uses: 5 });
  });

  it('an expired secret_id is refused (test server: at once; Vault: by the time its tidy runs)', async (ctx) => {
    if (isRealVault(v)) ctx.skip();
    const role = unique('ttl');
    const { roleId } = await setupAppRole(v, { mount, role, policies: ['default'] });
    const secretId = (await vaultApi(v, 'POST', `auth/${mount}/role/${role}/secret-id`, { ttl: '1s' })).body.data.secret_id;
    await sleep(1200);
    expect(await login({ role_id: roleId, secret_id: secretId })).toEqual({ status: 400, body: { errors: ['invalid role or secret ID'] } });
  });
});
