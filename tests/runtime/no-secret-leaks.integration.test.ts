// A sweep over the runtime's failure paths with every output captured: log lines at every level (debug included),
// console output of the default logger, error messages/stacks/inspect()/JSON, and inspect() of the runtime's
// objects. None may contain a token, secret_id, JWT, password or secret value used here. (Each integration file also
// runs the same audit over its own scenarios.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SecretCache,
  VaultAuthError,
  VaultConfigError,
  VaultError,
  appRole,
  authFromEnv,
  createVaultClient,
  readAgentSecrets,
  watchAgentSecrets,
  type VaultClient,
} from 'mcp-secrets-runtime';
import { setupAppRole, setupKv, startTestVault, vaultApi, wrappedSecretId, writePolicy, type TestVault } from '../support/vault-env.js';
import { LeakAudit, uid } from './helpers/integration.js';
import { json, startRawServer } from './helpers/raw-server.js';

const id = uid();
const kv = `kv-${id}`;
const role = `leak-${id}`;
const PASSWORD = `Pa55=${id}/base64+==`;
let v: TestVault;
let roleId: string;
let secretId: string;
let dir: string;
const audit = new LeakAudit();
const clients: VaultClient[] = [];

function client(extra: Parameters<typeof createVaultClient>[0] = {}): VaultClient {
  const c = createVaultClient({ address: v.address, auth: appRole({ roleId, secretId }), logger: audit.logger, requestTimeoutMs: 1_000, ...extra });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  v = await startTestVault();
  dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-leaks-'));
  audit.captureConsole();
  await setupKv(v, { mount: kv, version: 2 });
  await writePolicy(v, role, { [`${kv}/data/app/*`]: ['read'] });
  ({ roleId, secretId } = await setupAppRole(v, { role, policies: [role], tokenTtl: '10m' }));
  await vaultApi(v, 'POST', `${kv}/data/app/db`, { data: { password: PASSWORD } });
  audit.secret(secretId, PASSWORD, v.adminToken);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await v?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('no secret in any output', () => {
  it('configuration errors', () => {
    const staticToken = `hvs.${'S'.repeat(24)}${id}`;
    audit.secret(staticToken);
    expect(() => audit.error(authFromEnv({ env: { VAULT_TOKEN: staticToken } }))).toThrow(VaultConfigError);
    try {
      authFromEnv({ env: { VAULT_TOKEN: staticToken } });
    } catch (err) {
      audit.error(err);
    }
    authFromEnv({ env: { VAULT_TOKEN: staticToken, VAULT_ALLOW_STATIC_TOKEN: '1' } }); // warns on the console
    try {
      createVaultClient({ address: `http://user:${PASSWORD}@vault.example.com:8200`, auth: appRole({ roleId, secretId }) });
    } catch (err) {
      audit.error(err);
    }
  });

  it('login failures, permission errors, invalid tokens and missing secrets', async () => {
    const wrongSecret = `${secretId.slice(0, -4)}0000`;
    audit.secret(wrongSecret);
    const bad = client({ auth: appRole({ roleId, secretId: wrongSecret }) });
    expect(await audit.rejection(bad.read(`${kv}/data/app/db`))).toBeInstanceOf(VaultAuthError);

    const c = client();
    expect((await c.read(`${kv}/data/app/db`)).data.data.password).toBe(PASSWORD);
    const token = await c.token();
    audit.secret(token);
    await audit.rejection(c.read(`${kv}/data/other/x`));
    await audit.rejection(c.kv(kv).get('app/missing'));
    await vaultApi(v, 'POST', 'auth/token/revoke', { token });
    await c.read(`${kv}/data/app/db`);
    audit.secret(await c.token());
    audit.lines.push(inspect(c, { showHidden: true, depth: 10 }));
  });

  it('an outage (sealed) seen by requests, renewals and the cache', async (ctx) => {
    if (!v.server) return ctx.skip();
    const c = client();
    const cache = new SecretCache(async (name: string) => (await c.kv(kv).get<{ password: string }>(name)).password, { ttlMs: 300, logger: audit.logger });
    expect(await cache.get('app/db')).toBe(PASSWORD);
    audit.secret(await c.token());
    v.server.faults.seal();
    try {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await cache.get('app/db'); // stale answer, background refresh fails and is logged
      await new Promise((resolve) => setTimeout(resolve, 300));
      await audit.rejection(cache.get('app/db'));
      await audit.rejection(c.read(`${kv}/data/app/db`));
    } finally {
      v.server.faults.unseal();
    }
    audit.lines.push(inspect(cache, { showHidden: true, depth: 10 }));
  });

  it('a wrapped secret_id used twice', async () => {
    const wrapping = await wrappedSecretId(v, { role });
    audit.secret(wrapping);
    const first = client({ auth: appRole({ roleId, wrappingToken: wrapping }) });
    audit.secret(await first.token());
    const second = client({ auth: appRole({ roleId, wrappingToken: wrapping }) });
    expect(await audit.rejection(second.token())).toBeInstanceOf(VaultAuthError);
  });

  it('a server that echoes credentials in its error messages', async () => {
    const echoed = `hvs.${'E'.repeat(24)}${id}`;
    audit.secret(echoed);
    const raw = await startRawServer((req, res) =>
      json(res, 400, { errors: [`invalid request body ${req.body}`, `token ${echoed} rejected`, `secret_id=${secretId}`] }),
    );
    try {
      const c = client({ address: raw.url });
      const err = await audit.rejection(c.read('secret/data/x'));
      expect(err).toBeInstanceOf(VaultError);
      expect((err as VaultError).errors).toHaveLength(3);
    } finally {
      await raw.close();
    }
  });

  it('Agent files that fail to parse, and a failing fetcher', async () => {
    const broken = join(dir, 'creds.json');
    writeFileSync(broken, `{"password": "${PASSWORD}"`);
    try {
      readAgentSecrets(broken);
    } catch (err) {
      audit.error(err);
    }
    const dotenv = join(dir, 'db.env');
    writeFileSync(dotenv, `DB_PASS=${PASSWORD}\n`);
    const watcher = watchAgentSecrets(dotenv, () => {}, { debounceMs: 20, logger: audit.logger });
    writeFileSync(dotenv, `{"DB_PASS": "${PASSWORD}`);
    await expect.poll(() => audit.lines.some((l) => l.includes('is not valid JSON')), { timeout: 3_000 }).toBe(true);
    watcher.close();
    const cache = new SecretCache(async () => {
      throw new VaultError(`fetch failed for password=${PASSWORD}`);
    }, { ttlMs: 1_000, logger: audit.logger });
    await audit.rejection(cache.get('x'));
  });

  it('close() of every client', async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  it('no log line, console line, error message or inspect() output contains a secret', () => {
    expect(audit.lines.length).toBeGreaterThan(20);
    audit.assertClean();
  });
});
