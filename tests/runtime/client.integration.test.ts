// The Vault client over real HTTP against the project's test server (or a real Vault when VAULT_ADDR and an admin
// VAULT_TOKEN are set; tests that need fault injection or Kubernetes logins then skip).
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VaultAuthError,
  VaultClientClosedError,
  VaultInvalidTokenError,
  VaultNotFoundError,
  VaultPermissionError,
  appRole,
  authFromEnv,
  createVaultClient,
  kubernetesAuth,
  tokenFile,
  type VaultClient,
} from 'mcp-secrets-runtime';
import {
  ensureNamespace,
  setupAppRole,
  setupKubernetes,
  setupKv,
  signServiceAccountJwt,
  startTestVault,
  vaultApi,
  writePolicy,
  type TestVault,
} from '../support/vault-env.js';
import { LeakAudit, countingFetch, uid } from './helpers/integration.js';

const id = uid();
const kv2 = `kv2-${id}`;
const kv1 = `kv1-${id}`;
const role = `app-${id}`;
const policy = `app-${id}`;
const PASSWORD = `pw-${id}-Zx9=Qr/+base64==`;
const API_KEY = `key-${id}-9f8e7d6c5b4a`;

let v: TestVault;
let roleId: string;
let secretId: string;
let dir: string;
const audit = new LeakAudit();
const clients: VaultClient[] = [];

function client(extra: Parameters<typeof createVaultClient>[0] = {}): VaultClient {
  const c = createVaultClient({ address: v.address, logger: audit.logger, requestTimeoutMs: 5_000, auth: appRole({ roleId, secretId }), ...extra });
  clients.push(c);
  return c;
}

async function tokenIsValid(token: string): Promise<boolean> {
  const res = await vaultApi(v, 'POST', 'auth/token/lookup', { token });
  return res.status === 200;
}

beforeAll(async () => {
  v = await startTestVault();
  dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-client-'));
  audit.captureConsole();
  await setupKv(v, { mount: kv2, version: 2 });
  await setupKv(v, { mount: kv1, version: 1 });
  await writePolicy(v, policy, {
    [`${kv2}/data/app/*`]: ['read'],
    [`${kv2}/data/scratch/*`]: ['create', 'update', 'read', 'delete'],
    [`${kv2}/metadata/scratch/*`]: ['list', 'read', 'delete'],
    [`${kv1}/*`]: ['read'],
  });
  ({ roleId, secretId } = await setupAppRole(v, { role, policies: [policy], tokenTtl: '10m', tokenMaxTtl: '1h' }));
  audit.secret(secretId, PASSWORD, API_KEY, v.adminToken);
  expect((await vaultApi(v, 'POST', `${kv2}/data/app/db`, { data: { password: PASSWORD, user: 'app' } })).status).toBe(200);
  expect((await vaultApi(v, 'POST', `${kv1}/app/api`, { api_key: API_KEY })).status).toBeLessThan(300);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  audit.assertClean();
  await v?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createVaultClient over HTTP', () => {
  it('reads, writes, lists and deletes with the node-vault response shape', async () => {
    const c = client();
    const secret = await c.read(`${kv2}/data/app/db`);
    expect(secret.data.data.password).toBe(PASSWORD);
    expect(secret.data.metadata.version).toBe(1);
    const written = await c.write(`${kv2}/data/scratch/x`, { data: { note: 'hello' } });
    expect(written?.data.version).toBe(1);
    expect((await c.list(`${kv2}/metadata/scratch/`)).data.keys).toEqual(['x']);
    await c.delete(`${kv2}/data/scratch/x`);
    audit.error(await audit.rejection(c.read(`${kv2}/data/scratch/x`)));
    await expect(c.read(`${kv2}/data/scratch/x`)).rejects.toBeInstanceOf(VaultNotFoundError);
    audit.secret(await c.token());
  });

  it('detects KV v1 and v2 once per mount and returns the key/value pairs', async () => {
    const counter = countingFetch();
    const c = client({ fetch: counter.fetch });
    expect(await c.kv(kv2).get('app/db')).toEqual({ password: PASSWORD, user: 'app' });
    expect(await c.kv(kv2).get('app/db')).toEqual({ password: PASSWORD, user: 'app' });
    expect(await c.kv(kv1).get('app/api')).toEqual({ api_key: API_KEY });
    expect(await c.kv(kv2).version()).toBe(2);
    expect(await c.kv(kv1).version()).toBe(1);
    expect(counter.count(/^sys\/internal\/ui\/mounts\//)).toBe(2);
    await expect(c.kv(kv2).get('app/missing')).rejects.toBeInstanceOf(VaultNotFoundError);
  });

  it('falls back to the response shape when the mount lookup is refused', async (ctx) => {
    if (!v.server) return ctx.skip();
    const c = client();
    await c.token();
    v.server.faults.failNext(2, 403, /sys\/internal\/ui\/mounts/);
    expect(await c.kv(kv2).get('app/db')).toEqual({ password: PASSWORD, user: 'app' });
    expect(await c.kv(kv2).version()).toBe(2);
    expect(await c.kv(kv1).get('app/api')).toEqual({ api_key: API_KEY });
    expect(await c.kv(kv1).version()).toBe(1);
  });

  it('1,000 concurrent reads while logged out cause exactly one login', { timeout: 90_000 }, async () => {
    const counter = countingFetch();
    // A generous budget: this is about how many logins happen, not how fast a shared 2-core machine answers.
    const c = client({ fetch: counter.fetch, requestTimeoutMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 1_000 }, () => c.read(`${kv2}/data/app/db`)));
    expect(results.every((r) => r.data.data.password === PASSWORD)).toBe(true);
    expect(counter.count(/^auth\/approle\/login$/)).toBe(1);
    expect(counter.count(new RegExp(`^${kv2}/data/app/db$`))).toBe(1_000);
  });

  it('a permission 403 rejects with VaultPermissionError and does not log in again', async () => {
    const counter = countingFetch();
    const c = client({ fetch: counter.fetch });
    await c.read(`${kv2}/data/app/db`);
    const err = await audit.rejection(c.read(`${kv2}/data/forbidden/x`));
    expect(err).toBeInstanceOf(VaultPermissionError);
    expect((err as VaultPermissionError).status).toBe(403);
    expect((err as VaultPermissionError).path).toBe(`${kv2}/data/forbidden/x`);
    expect(counter.count(/^auth\/approle\/login$/)).toBe(1);
    expect(counter.count(/forbidden/)).toBe(1);
  });

  it('an invalid-token 403 heals with one login and one retry', async () => {
    const counter = countingFetch();
    const c = client({ fetch: counter.fetch });
    const first = await c.token();
    audit.secret(first);
    expect((await vaultApi(v, 'POST', 'auth/token/revoke', { token: first })).status).toBe(204);
    const secret = await c.read(`${kv2}/data/app/db`);
    expect(secret.data.data.password).toBe(PASSWORD);
    const second = await c.token();
    audit.secret(second);
    expect(second).not.toBe(first);
    expect(counter.count(/^auth\/approle\/login$/)).toBe(2);
    expect(counter.count(new RegExp(`^${kv2}/data/app/db$`))).toBe(2);
    expect(audit.lines.some((l) => l.includes('rejected the approle token as invalid'))).toBe(true);
  });

  it('a token that stays invalid is retried once, never in a loop', async () => {
    const created = await vaultApi(v, 'POST', 'auth/token/create', { policies: [policy], ttl: '10m' });
    const token = created.body.auth.client_token as string;
    audit.secret(token);
    const counter = countingFetch();
    const c = client({ fetch: counter.fetch, auth: authFromEnv({ env: { VAULT_TOKEN: token, VAULT_ALLOW_STATIC_TOKEN: '1' }, logger: audit.logger }) });
    expect((await c.read(`${kv2}/data/app/db`)).data.data.password).toBe(PASSWORD);
    await vaultApi(v, 'POST', 'auth/token/revoke', { token });
    const err = await audit.rejection(c.read(`${kv2}/data/app/db`));
    expect(err).toBeInstanceOf(VaultInvalidTokenError);
    expect(counter.count(new RegExp(`^${kv2}/data/app/db$`))).toBe(3);
  });

  it('close() revokes the token it created, and only that one; later calls reject', async () => {
    const c = client();
    const token = await c.token();
    audit.secret(token);
    expect(await tokenIsValid(token)).toBe(true);
    await c.close();
    expect(await tokenIsValid(token)).toBe(false);
    const err = await audit.rejection(c.read(`${kv2}/data/app/db`));
    expect(err).toBeInstanceOf(VaultClientClosedError);

    const created = await vaultApi(v, 'POST', 'auth/token/create', { policies: [policy], ttl: '10m' });
    const staticToken = created.body.auth.client_token as string;
    audit.secret(staticToken);
    const s = client({ auth: authFromEnv({ env: { VAULT_TOKEN: staticToken, VAULT_ALLOW_STATIC_TOKEN: '1' }, logger: audit.logger }) });
    await s.read(`${kv2}/data/app/db`);
    await s.close();
    expect(await tokenIsValid(staticToken)).toBe(true);
  });

  it('shows no token in inspect() of the client', async () => {
    const c = client();
    const token = await c.token();
    audit.secret(token);
    const shown = inspect(c, { showHidden: true, depth: 10 });
    audit.lines.push(shown);
    expect(shown).toContain(`VaultClient { address: '${v.address}', auth: 'approle'`);
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(secretId);
  });

  it('sends X-Vault-Namespace so paths resolve inside the namespace', async (ctx) => {
    if (!v.server) return ctx.skip(); // namespaces need Vault Enterprise or OpenBao
    const ns = `team-${id}`;
    await ensureNamespace(v, ns);
    const mount = 'kv';
    await setupKv(v, { mount, version: 2, namespace: ns });
    await writePolicy(v, 'ns-reader', { [`${mount}/data/*`]: ['read'] }, { namespace: ns });
    const nsRole = await setupAppRole(v, { role: 'ns-app', policies: ['ns-reader'], namespace: ns });
    audit.secret(nsRole.secretId);
    await vaultApi(v, 'POST', `${mount}/data/only-here`, { data: { where: ns } }, { namespace: ns });
    const c = client({ namespace: ns, auth: appRole({ roleId: nsRole.roleId, secretId: nsRole.secretId }) });
    expect(await c.kv(mount).get('only-here')).toEqual({ where: ns });
  });
});

describe('auth methods over HTTP', () => {
  it('tokenFile follows the Agent sink when it is replaced, and never revokes the Agent token', async () => {
    const make = async () => {
      const res = await vaultApi(v, 'POST', 'auth/token/create', { policies: [policy], ttl: '10m' });
      const token = res.body.auth.client_token as string;
      audit.secret(token);
      return token;
    };
    const sink = join(dir, 'agent-token');
    const first = await make();
    writeFileSync(sink, `${first}\n`);
    const c = client({ auth: tokenFile({ path: sink }) });
    expect(await c.token()).toBe(first);
    const second = await make();
    writeFileSync(`${sink}.tmp`, second);
    renameSync(`${sink}.tmp`, sink);
    await expect.poll(() => c.token(), { timeout: 3_000 }).toBe(second);
    // Agent revoked the old token and wrote a new one we have not noticed yet: the invalid-token retry re-reads.
    const third = await make();
    writeFileSync(sink, third);
    await vaultApi(v, 'POST', 'auth/token/revoke', { token: second });
    expect((await c.read(`${kv2}/data/app/db`)).data.data.password).toBe(PASSWORD);
    await c.close();
    expect(await tokenIsValid(third)).toBe(true);
  });

  it('kubernetesAuth re-reads the projected JWT at every login', async (ctx) => {
    if (!v.server) return ctx.skip(); // a real Vault would call the cluster's TokenReview API
    const k8sRole = `k8s-${id}`;
    await setupKubernetes(v, { role: k8sRole, policies: [policy], boundServiceAccountNames: ['mcp'], boundServiceAccountNamespaces: ['apps'] });
    const jwtFile = join(dir, 'sa-token');
    const good = signServiceAccountJwt({ namespace: 'apps', name: 'mcp' });
    const unbound = signServiceAccountJwt({ namespace: 'apps', name: 'intruder' });
    audit.secret(good, unbound);
    writeFileSync(jwtFile, good);
    const counter = countingFetch();
    const c = client({ fetch: counter.fetch, auth: kubernetesAuth({ role: k8sRole, tokenPath: jwtFile }) });
    const token = await c.token();
    audit.secret(token);
    expect((await c.read(`${kv2}/data/app/db`)).data.data.password).toBe(PASSWORD);
    // The kubelet rotated the file (here: to an account the role does not accept) and Vault dropped our token.
    writeFileSync(jwtFile, unbound);
    await vaultApi(v, 'POST', 'auth/token/revoke', { token });
    const err = await audit.rejection(c.read(`${kv2}/data/app/db`));
    expect(err).toBeInstanceOf(VaultAuthError);
    expect(err.message).toMatch(/^Kubernetes login failed: .*Check that role "k8s-/);
    writeFileSync(jwtFile, good);
    expect((await c.read(`${kv2}/data/app/db`)).data.data.password).toBe(PASSWORD);
    expect(counter.count(/^auth\/kubernetes\/login$/)).toBe(3);
  });
});
