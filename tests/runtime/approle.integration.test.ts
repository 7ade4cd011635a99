// AppRole secret-zero delivery over real HTTP: a response-wrapped secret_id is unwrapped exactly once and checked,
// a secret_id file is re-read at every login, a used-up secret_id says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultAuthError, appRole, createVaultClient, type VaultClient } from 'mcp-secrets-runtime';
import { setupAppRole, setupKv, startTestVault, vaultApi, wrappedSecretId, writePolicy, type TestVault } from '../support/vault-env.js';
import { LeakAudit, countingFetch, uid } from './helpers/integration.js';

const id = uid();
const kv = `kv-${id}`;
const policy = `approle-${id}`;
const role = `svc-${id}`;
const VALUE = `approle-secret-${id}`;
let v: TestVault;
let roleId: string;
let dir: string;
const audit = new LeakAudit();
const clients: VaultClient[] = [];

function client(auth: ReturnType<typeof appRole>, fetchImpl?: typeof fetch): VaultClient {
  const c = createVaultClient({ address: v.address, auth, logger: audit.logger, fetch: fetchImpl });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  v = await startTestVault();
  dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-approle-'));
  await setupKv(v, { mount: kv, version: 2 });
  await writePolicy(v, policy, { [`${kv}/data/*`]: ['read'] });
  await vaultApi(v, 'POST', `${kv}/data/app`, { data: { value: VALUE } });
  ({ roleId } = await setupAppRole(v, { role, policies: [policy], tokenTtl: '10m' }));
  audit.secret(VALUE, v.adminToken);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  audit.assertClean();
  await v?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AppRole', () => {
  it('unwraps a wrapped secret_id once and reuses it for later logins', async () => {
    const wrapping = await wrappedSecretId(v, { role, wrapTtl: '120s' });
    audit.secret(wrapping);
    const counter = countingFetch();
    const c = client(appRole({ roleId, wrappingToken: wrapping }), counter.fetch);
    expect((await c.kv(kv).get('app')).value).toBe(VALUE);
    const first = await c.token();
    audit.secret(first);
    // Vault drops the token: the client logs in again with the secret_id it already unwrapped.
    await vaultApi(v, 'POST', 'auth/token/revoke', { token: first });
    expect((await c.kv(kv).get('app')).value).toBe(VALUE);
    audit.secret(await c.token());
    expect(counter.count(/^sys\/wrapping\/unwrap$/)).toBe(1);
    expect(counter.count(/^auth\/approle\/login$/)).toBe(2);
    // The wrapping token is used up: nobody else can unwrap it now.
    const again = await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: wrapping });
    expect(again.status).toBe(400);
    expect(again.body.errors.join()).toMatch(/wrapping token is not valid or does not exist/);
  });

  it('refuses a wrapping token someone else already unwrapped, and says what that means', async () => {
    const wrapping = await wrappedSecretId(v, { role });
    audit.secret(wrapping);
    const stolen = await vaultApi(v, 'POST', 'sys/wrapping/unwrap', undefined, { token: wrapping });
    audit.secret(stolen.body.data.secret_id);
    const c = client(appRole({ roleId, wrappingToken: wrapping }));
    const err = await audit.rejection(c.token());
    expect(err).toBeInstanceOf(VaultAuthError);
    expect(err.message).toMatch(/already unwrapped.*treat the secret_id as compromised/);
  });

  it('refuses a wrapped response that was not created by an AppRole secret-id endpoint', async () => {
    const res = await vaultApi(v, 'GET', `${kv}/data/app`, undefined, { wrapTtl: '60s' });
    const wrapping = res.body.wrap_info.token as string;
    audit.secret(wrapping);
    // Vault serves sys/wrapping/lookup without a token, so the creation path is checked before anything is used up.
    // A server that wants a token there gets the payload checked after the unwrap instead. (A lookup uses nothing.)
    const anonymousLookup = await vaultApi(v, 'POST', 'sys/wrapping/lookup', { token: wrapping }, { token: '' });
    const counter = countingFetch();
    const c = client(appRole({ roleId, wrappingToken: wrapping }), counter.fetch);
    const err = await audit.rejection(c.token());
    expect(err).toBeInstanceOf(VaultAuthError);
    if (anonymousLookup.status === 200) {
      expect(err.message).toMatch(new RegExp(`created by "${kv}/data/app", not by auth/approle/role/<role>/secret-id`));
      expect(counter.count(/^sys\/wrapping\/unwrap$/)).toBe(0);
    } else {
      expect(anonymousLookup.status).toBe(403);
      expect(err.message).toMatch(/the wrapped response holds no secret_id: refusing it/);
      expect(counter.count(/^sys\/wrapping\/unwrap$/)).toBe(1);
    }
  });

  it('re-reads a secret_id file at every login', async () => {
    const file = join(dir, 'secret-id');
    const first = (await vaultApi(v, 'POST', `auth/approle/role/${role}/secret-id`, {})).body.data.secret_id as string;
    audit.secret(first);
    writeFileSync(file, `${first}\n`);
    const c = client(appRole({ roleId, secretIdFile: file }));
    const token = await c.token();
    audit.secret(token);
    // The orchestrator rotates the secret_id file and destroys the old one.
    const second = (await vaultApi(v, 'POST', `auth/approle/role/${role}/secret-id`, {})).body.data.secret_id as string;
    audit.secret(second);
    writeFileSync(file, second);
    await vaultApi(v, 'POST', `auth/approle/role/${role}/secret-id/destroy`, { secret_id: first });
    await vaultApi(v, 'POST', 'auth/token/revoke', { token });
    expect((await c.kv(kv).get('app')).value).toBe(VALUE);
  });

  it('reports a used-up secret_id as VaultAuthError with the reason', async () => {
    const once = `once-${id}`;
    const { roleId: onceRoleId, secretId } = await setupAppRole(v, { role: once, policies: [policy], secretIdNumUses: 1 });
    audit.secret(secretId);
    const c = client(appRole({ roleId: onceRoleId, secretId }));
    const token = await c.token();
    audit.secret(token);
    await vaultApi(v, 'POST', 'auth/token/revoke', { token });
    const err = await audit.rejection(c.kv(kv).get('app'));
    expect(err).toBeInstanceOf(VaultAuthError);
    expect((err as VaultAuthError).status).toBe(400);
    expect(err.message).toMatch(/^AppRole login failed: invalid role or secret ID\. .*used up/);
  });
});
