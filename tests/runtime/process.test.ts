// The runtime inside a real child process: it must never keep a host process alive (every timer unref'd) and must
// never crash it on a Vault outage (background renewal failures go to the logger, not to an unhandled rejection).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAppRole, setupKv, startTestVault, vaultApi, writePolicy, type TestVault } from '../support/vault-env.js';
import { uid } from './helpers/integration.js';

const HOST = fileURLToPath(new URL('./fixtures/host-process.ts', import.meta.url));
const id = uid();
const kv = `kv-${id}`;
const VALUE = `child-value-${id}`;
let v: TestVault;
let env: Record<string, string>;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  steps: Array<{ step: string; [k: string]: unknown }>;
  stderr: string;
}

function runHost(mode: string, onReady?: () => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', HOST, mode], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const steps: ChildResult['steps'] = [];
    let stdout = '';
    let stderr = '';
    // If the runtime kept the process alive, this kill turns the hang into a failed assertion instead of a timeout.
    const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      let newline: number;
      while ((newline = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, newline);
        stdout = stdout.slice(newline + 1);
        const step = JSON.parse(line) as ChildResult['steps'][number];
        steps.push(step);
        if (step.step === 'ready') onReady?.();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, steps, stderr });
    });
  });
}

beforeAll(async () => {
  v = await startTestVault();
  await setupKv(v, { mount: kv, version: 2 });
  await writePolicy(v, `child-${id}`, { [`${kv}/data/*`]: ['read'] });
  await vaultApi(v, 'POST', `${kv}/data/app`, { data: { value: VALUE } });
  const { roleId, secretId } = await setupAppRole(v, { role: `child-${id}`, policies: [`child-${id}`], tokenTtl: '2s', tokenMaxTtl: '1h' });
  // Exactly what a migrated MCP server gets: an address and the two AppRole halves, nothing else Vault-related.
  env = { VAULT_ADDR: v.address, VAULT_ROLE_ID: roleId, VAULT_SECRET_ID: secretId, TEST_KV_MOUNT: kv, VAULT_TOKEN: '', VAULT_TOKEN_FILE: '', VAULT_K8S_ROLE: '' };
});

afterAll(async () => {
  await v?.close();
});

describe('the runtime in a host process', () => {
  it('does not keep the process alive: it exits by itself with a logged-in client and a renewal timer', { timeout: 40_000 }, async () => {
    const result = await runHost('exit');
    expect(result.steps.map((s) => s.step)).toEqual(['ready']);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });

  it('survives a Vault outage while renewals fail in the background: no crash, no unhandled rejection', { timeout: 40_000 }, async (ctx) => {
    if (!v.server) return ctx.skip();
    const server = v.server;
    let resealed = false;
    const result = await runHost('outage', () => {
      server.faults.seal();
      resealed = true;
    });
    server.faults.unseal();
    expect(resealed).toBe(true);
    const done = result.steps.find((s) => s.step === 'done');
    expect(done).toBeDefined();
    expect(done!.failed as number).toBeGreaterThan(0);
    expect(result.steps.some((s) => s.step === 'unhandled-rejection')).toBe(false);
    expect(result.code).toBe(0);
    // The default logger reported the failed renewal on stderr, redacted.
    expect(result.stderr).toMatch(/\[mcp-secrets-runtime\] Vault token renewal failed/);
    expect(result.stderr).not.toContain(env.VAULT_SECRET_ID);
    expect(result.stderr).not.toContain(VALUE);
  });
});
