/**
 * Fault injection, in-process and over HTTP (POST /v1/sys/test/faults), and the server as a separate process
 * (main.ts). Test server only.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupAppRole, setupKv, vaultApi, type TestVault } from '../support/vault-env.js';
import { startVaultTestServer, type VaultTestServer } from '../support/vault-server/index.js';
import { createToken, unique } from './helpers.js';

let server: VaultTestServer;
let v: TestVault;
const kv = unique('kv');
let roleId: string;
let secretId: string;

beforeAll(async () => {
  server = await startVaultTestServer();
  v = { address: server.address, adminToken: server.rootToken, server, close: () => server.close() };
  await setupKv(v, { mount: kv, version: 1 });
  await vaultApi(v, 'POST', `${kv}/x`, { a: 1 });
  ({ roleId, secretId } = await setupAppRole(v, { role: 'app', policies: ['default'] }));
});
afterEach(() => server.faults.reset());
afterAll(() => server.close());

const login = () => vaultApi(v, 'POST', 'auth/approle/login', { role_id: roleId, secret_id: secretId }, { token: '' });

describe('in-process faults', () => {
  it('seal: 503 "Vault is sealed" everywhere but health and seal-status; unseal heals', async () => {
    server.faults.seal();
    expect(await vaultApi(v, 'GET', `${kv}/x`)).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    expect(await login()).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    const health = await vaultApi(v, 'GET', 'sys/health', undefined, { token: '' });
    expect(health.status).toBe(503);
    expect(health.body.sealed).toBe(true);
    expect((await vaultApi(v, 'GET', 'sys/seal-status', undefined, { token: '' })).body.sealed).toBe(true);
    server.faults.unseal();
    expect((await vaultApi(v, 'GET', `${kv}/x`)).status).toBe(200);
    expect((await vaultApi(v, 'GET', 'sys/health', undefined, { token: '' })).status).toBe(200);
  });

  it('setLatency delays every response', async () => {
    server.faults.setLatency(300);
    const started = Date.now();
    expect((await vaultApi(v, 'GET', `${kv}/x`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('failNext fails only the next N matching requests, with the given status', async () => {
    server.faults.failNext(2, 503, /approle\/login/);
    expect(await login()).toEqual({ status: 503, body: { errors: ['injected fault: HTTP 503'] } });
    expect((await vaultApi(v, 'GET', `${kv}/x`)).status).toBe(200);
    expect((await login()).status).toBe(503);
    expect((await login()).status).toBe(200);
  });

  it('failNext without paths matches any request', async () => {
    server.faults.failNext(1, 429);
    expect((await vaultApi(v, 'GET', `${kv}/x`)).status).toBe(429);
    expect((await vaultApi(v, 'GET', `${kv}/x`)).status).toBe(200);
  });

  it('revokeToken invalidates a token behind the client\'s back', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1h' });
    server.faults.revokeToken(token);
    const res = await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token });
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toContain('invalid token');
  });

  it('reset clears seal, latency and pending failures', async () => {
    server.faults.seal();
    server.faults.failNext(5, 500);
    server.faults.reset();
    expect((await vaultApi(v, 'GET', `${kv}/x`)).status).toBe(200);
  });
});

describe('faults over HTTP', () => {
  const faults = (body: unknown, token = server.rootToken) => vaultApi(v, 'POST', 'sys/test/faults', body, { token });

  it('needs a root token', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1h' });
    expect((await faults({ seal: true }, token)).status).toBe(403);
  });

  it('seal, failNext, latency and reset', async () => {
    const sealed = await faults({ seal: true });
    expect(sealed.body.data).toMatchObject({ sealed: true });
    expect((await vaultApi(v, 'GET', `${kv}/x`)).status).toBe(503);
    await faults({ seal: false, failNext: { count: 1, status: 502, paths: 'approle' }, latencyMs: 10 });
    expect((await login()).status).toBe(502);
    expect((await login()).status).toBe(200);
    const reset = await faults({ reset: true });
    expect(reset.body.data).toEqual({ sealed: false, latencyMs: 0, pendingFailures: [] });
  });

  it('revokeToken', async () => {
    const token = await createToken(v, { policies: ['default'], ttl: '1h' });
    await faults({ revokeToken: token });
    expect((await vaultApi(v, 'GET', 'auth/token/lookup-self', undefined, { token })).status).toBe(403);
  });
});

describe('main.ts', () => {
  it('prints {address, rootToken}, serves faults over HTTP and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('../support/vault-server/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const ready = JSON.parse(line) as { address: string; rootToken: string };
      expect(ready.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const remote: TestVault = { address: ready.address, adminToken: ready.rootToken, close: async () => {} };
      expect((await vaultApi(remote, 'GET', 'sys/health')).status).toBe(200);
      expect((await vaultApi(remote, 'POST', 'sys/test/faults', { seal: true })).status).toBe(200);
      expect((await vaultApi(remote, 'GET', 'sys/health')).status).toBe(503);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
