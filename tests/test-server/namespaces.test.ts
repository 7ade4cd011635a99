/**
 * X-Vault-Namespace (vault-api.md "Headers"): paths are relative to the namespace, and each namespace is a separate
 * world (mounts, policies, roles). Vault OSS has no namespaces, so against a real Vault this suite runs only when
 * VAULT_NAMESPACES=1 (Vault Enterprise / OpenBao).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNamespace, setupAppRole, setupKv, startTestVault, vaultApi, type TestVault } from '../support/vault-env.js';
import { isRealVault, unique } from './helpers.js';

let v: TestVault;
const ns = unique('ns');
const kv = unique('kv');
const skip = (): boolean => isRealVault(v) && process.env.VAULT_NAMESPACES !== '1';

beforeAll(async () => {
  v = await startTestVault();
  if (skip()) return;
  await ensureNamespace(v, ns);
  await setupKv(v, { mount: kv, version: 2, namespace: ns });
  await vaultApi(v, 'POST', `${kv}/data/app`, { data: { where: 'inside' } }, { namespace: ns });
});
afterAll(async () => {
  if (!skip()) await vaultApi(v, 'DELETE', `sys/namespaces/${ns}`);
  await v.close();
});

describe('namespaces', () => {
  it('paths resolve relative to X-Vault-Namespace (with or without the trailing slash)', async (ctx) => {
    if (skip()) return ctx.skip();
    for (const header of [ns, `${ns}/`]) {
      const res = await vaultApi(v, 'GET', `${kv}/data/app`, undefined, { namespace: header });
      expect(res.status).toBe(200);
      expect(res.body.data.data).toEqual({ where: 'inside' });
    }
  });

  it('a namespace is also reachable as a path prefix from its parent', async (ctx) => {
    if (skip()) return ctx.skip();
    const res = await vaultApi(v, 'GET', `${ns}/${kv}/data/app`);
    expect(res.body.data.data).toEqual({ where: 'inside' });
  });

  it('mounts are separate: the root namespace does not see the child\'s mount', async (ctx) => {
    if (skip()) return ctx.skip();
    expect((await vaultApi(v, 'GET', `${kv}/data/app`)).status).toBe(404);
    const mounts = await vaultApi(v, 'GET', 'sys/mounts', undefined, { namespace: ns });
    expect(Object.keys(mounts.body.data)).toContain(`${kv}/`);
    expect(Object.keys((await vaultApi(v, 'GET', 'sys/mounts')).body.data)).not.toContain(`${kv}/`);
  });

  it('a token from a namespace login works there, finds itself without the header, and not in the parent', async (ctx) => {
    if (skip()) return ctx.skip();
    await vaultApi(v, 'PUT', 'sys/policies/acl/reader', { policy: JSON.stringify({ path: { [`${kv}/data/*`]: { capabilities: ['read'] } } }) }, { namespace: ns });
    const { roleId, secretId, mount } = await setupAppRole(v, { role: 'app', policies: ['reader'], namespace: ns });
    const login = await vaultApi(v, 'POST', `auth/${mount}/login`, { role_id: roleId, secret_id: secretId }, { token: '', namespace: ns });
    expect(login.status).toBe(200);
    const token = login.body.auth.client_token as string;
    expect((await vaultApi(v, 'GET', `${kv}/data/app`, undefined, { token, namespace: ns })).status).toBe(200);
    const self = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token });
    expect(self.status).toBe(200);
    expect(self.body.data.path).toBe(`auth/${mount}/login`);
    expect((await vaultApi(v, 'POST', `auth/${mount}/login`, { role_id: roleId, secret_id: secretId }, { token: '' })).status).not.toBe(200);
  });

  it('an unknown namespace is 404 (test server)', async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    expect(await vaultApi(v, 'GET', `${kv}/data/app`, undefined, { namespace: unique('missing') })).toEqual({ status: 404, body: { errors: ['namespace not found'] } });
  });
});
