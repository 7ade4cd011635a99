/**
 * Kubernetes auth (vault-api.md "Auth"): JWTs signed with the test key are validated (signature, expiry, bound
 * names and namespaces) and logins return the documented auth.metadata. Test server only: a real Vault also asks
 * the cluster's TokenReview API.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupKubernetes, signServiceAccountJwt, startTestVault, vaultApi, type TestVault } from '../support/vault-env.js';
import { isRealVault, unique } from './helpers.js';

let v: TestVault;
const mount = unique('k8s');
const role = unique('app');
const login = (body: Record<string, unknown>) => vaultApi(v, 'POST', `auth/${mount}/login`, body, { token: '' });

beforeAll(async () => {
  v = await startTestVault();
  if (isRealVault(v)) return;
  await setupKubernetes(v, { mount, role, policies: ['app'], boundServiceAccountNames: ['mcp-server', 'batch-*'], boundServiceAccountNamespaces: ['prod'], tokenTtl: '15m' });
});
afterAll(async () => {
  if (!isRealVault(v)) await vaultApi(v, 'DELETE', `sys/auth/${mount}`);
  await v.close();
});

describe('kubernetes login', () => {
  it('accepts a projected ServiceAccount token and returns the documented metadata', async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    const jwt = signServiceAccountJwt({ namespace: 'prod', name: 'mcp-server', uid: 'uid-123' });
    const res = await login({ role, jwt });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.auth).toMatchObject({
      lease_duration: 900,
      renewable: true,
      policies: ['app', 'default'],
      metadata: { role, service_account_name: 'mcp-server', service_account_namespace: 'prod', service_account_uid: 'uid-123', service_account_secret_name: '' },
    });
    const self = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token: res.body.auth.client_token });
    expect(self.body.data.display_name).toBe(`${mount}-prod-mcp-server`);
  });

  it('accepts legacy ServiceAccount token claims and glob-bound names', async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    const res = await login({ role, jwt: signServiceAccountJwt({ namespace: 'prod', name: 'batch-7', legacy: true }) });
    expect(res.status).toBe(200);
    expect(res.body.auth.metadata.service_account_name).toBe('batch-7');
  });

  it('403 permission denied for a bad signature or an expired token', async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = signServiceAccountJwt({ namespace: 'prod', name: 'mcp-server', privateKey });
    expect(await login({ role, jwt: forged })).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    const expired = signServiceAccountJwt({ namespace: 'prod', name: 'mcp-server', expiresInSeconds: -10 });
    expect(await login({ role, jwt: expired })).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    expect(await login({ role, jwt: 'not.a.jwt' })).toEqual({ status: 403, body: { errors: ['permission denied'] } });
  });

  it('403 for an unbound service account name or namespace', async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    expect(await login({ role, jwt: signServiceAccountJwt({ namespace: 'prod', name: 'other' }) })).toEqual({
      status: 403,
      body: { errors: ['service account name not authorized'] },
    });
    expect(await login({ role, jwt: signServiceAccountJwt({ namespace: 'dev', name: 'mcp-server' }) })).toEqual({
      status: 403,
      body: { errors: ['namespace not authorized'] },
    });
  });

  it('400 for a missing role or jwt and an unknown role', async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    const jwt = signServiceAccountJwt({ namespace: 'prod', name: 'mcp-server' });
    expect(await login({ jwt })).toEqual({ status: 400, body: { errors: ['missing role'] } });
    expect(await login({ role })).toEqual({ status: 400, body: { errors: ['missing jwt'] } });
    expect(await login({ role: 'nope', jwt })).toEqual({ status: 400, body: { errors: ['invalid role name "nope"'] } });
  });
});

describe('kubernetes role token fields (Vault tokenutil checks every auth method alike)', () => {
  const roleBody = { bound_service_account_names: ['x'], bound_service_account_namespaces: ['y'] };

  it("400 when token_ttl exceeds token_max_ttl or token_num_uses is negative", async (ctx) => {
    if (isRealVault(v)) return ctx.skip();
    const path = `auth/${mount}/role/${unique('checks')}`;
    expect(await vaultApi(v, 'POST', path, { ...roleBody, token_ttl: '2h', token_max_ttl: '1h' })).toEqual({
      status: 400,
      body: { errors: ["'token_ttl' cannot be greater than 'token_max_ttl'"] },
    });
    expect(await vaultApi(v, 'POST', path, { ...roleBody, token_num_uses: -1 })).toEqual({
      status: 400,
      body: { errors: ["'token_num_uses' cannot be negative"] },
    });
    expect((await vaultApi(v, 'POST', path, { ...roleBody, token_ttl: '30m', token_max_ttl: '1h' })).status).toBe(204);
  });
});
