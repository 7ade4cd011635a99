import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VaultAuthError, VaultConfigError, appRole, authFromEnv, kubernetesAuth, tokenFile, type AuthContext } from 'mcp-secrets-runtime';
import { safeLogger, silentLogger } from '../../runtime/src/logger.js';

const STATIC = 'hvs.StaticTokenFromTheEnvironment0123';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-auth-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Login contexts here never reach Vault: these methods read only local files.
const offline: AuthContext = {
  request: () => Promise.reject(new Error('no network in this test')),
  logger: safeLogger(silentLogger),
};

describe('authFromEnv', () => {
  it('prefers AppRole, then Kubernetes, then an Agent token file', () => {
    expect(authFromEnv({ env: { VAULT_ROLE_ID: 'r', VAULT_SECRET_ID: 's-123456', VAULT_K8S_ROLE: 'k', VAULT_TOKEN_FILE: '/t' } }).type).toBe('approle');
    expect(authFromEnv({ env: { VAULT_K8S_ROLE: 'k', VAULT_TOKEN_FILE: '/t' } }).type).toBe('kubernetes');
    expect(authFromEnv({ env: { VAULT_TOKEN_FILE: '/t' } }).type).toBe('token-file');
  });

  it('refuses a bare VAULT_TOKEN without naming its value', () => {
    let caught: unknown;
    try {
      authFromEnv({ env: { VAULT_TOKEN: STATIC } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VaultConfigError);
    expect((caught as Error).message).toMatch(/refusing VAULT_TOKEN: a static VAULT_TOKEN never rotates/);
    expect((caught as Error).message).toMatch(/VAULT_ALLOW_STATIC_TOKEN=1/);
    expect((caught as Error).message).not.toContain(STATIC);
  });

  it('accepts VAULT_TOKEN with VAULT_ALLOW_STATIC_TOKEN=1, with a warning', async () => {
    const warn = vi.fn();
    const auth = authFromEnv({ env: { VAULT_TOKEN: STATIC, VAULT_ALLOW_STATIC_TOKEN: '1' }, logger: { warn, error: vi.fn() } });
    expect(auth.type).toBe('token');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('using a static VAULT_TOKEN because VAULT_ALLOW_STATIC_TOKEN is set'));
    expect(warn.mock.calls.flat().join()).not.toContain(STATIC);
    expect(await auth.login(offline)).toEqual({ token: STATIC, leaseDurationSec: 0, renewable: false, owned: false });
  });

  it('warns that VAULT_TOKEN is ignored when a real method is configured', () => {
    const warn = vi.fn();
    authFromEnv({ env: { VAULT_TOKEN: STATIC, VAULT_K8S_ROLE: 'app' }, logger: { warn, error: vi.fn() } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('VAULT_TOKEN is set but ignored: using kubernetes auth'));
  });

  it('says what to set when nothing is configured', () => {
    expect(() => authFromEnv({ env: {} })).toThrow(/VAULT_ROLE_ID .* VAULT_K8S_ROLE .* VAULT_TOKEN_FILE/);
  });
});

describe('auth method configuration', () => {
  it('AppRole needs a role_id and a secret_id source', () => {
    expect(() => appRole({ env: {} })).toThrow(/VAULT_ROLE_ID/);
    expect(() => appRole({ env: { VAULT_ROLE_ID: 'r' } })).toThrow(/VAULT_SECRET_ID_FILE, VAULT_SECRET_ID or VAULT_WRAPPED_SECRET_ID/);
    expect(appRole({ roleId: 'r', secretIdFile: '/x' }).type).toBe('approle');
  });

  it('AppRole reports an unreadable secret_id file as VaultAuthError', async () => {
    await expect(appRole({ roleId: 'r', secretIdFile: join(dir, 'missing') }).login(offline)).rejects.toBeInstanceOf(VaultAuthError);
  });

  it('Kubernetes needs a role and reports a missing JWT file', async () => {
    expect(() => kubernetesAuth({ env: {} })).toThrow(/VAULT_K8S_ROLE/);
    await expect(kubernetesAuth({ role: 'app', tokenPath: join(dir, 'missing') }).login(offline)).rejects.toThrow(/ServiceAccount token/);
  });

  it('tokenFile reads and trims the Agent sink, and refuses an empty one', async () => {
    const sink = join(dir, 'token');
    writeFileSync(sink, `${STATIC}\n`);
    expect(await tokenFile({ path: sink }).login(offline)).toEqual({ token: STATIC, leaseDurationSec: 0, renewable: false, owned: false });
    writeFileSync(sink, '\n');
    await expect(tokenFile({ path: sink }).login(offline)).rejects.toThrow(/is empty/);
    expect(() => tokenFile({ env: {} })).toThrow(/VAULT_TOKEN_FILE/);
  });
});
