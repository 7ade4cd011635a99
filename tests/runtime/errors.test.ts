import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  VaultError,
  VaultInvalidTokenError,
  VaultNotFoundError,
  VaultPermissionError,
  VaultSealedError,
  VaultUnavailableError,
} from 'mcp-secrets-runtime';
import { errorFromResponse } from '../../runtime/src/errors.js';
import { redact, rememberSecret } from '../../runtime/src/redact.js';

const TOKEN = 'hvs.CAESIJq8Zg3TnqHvOUT0vZb6Gm2QkW1x9yLr7aPt5sDfE4uJ';
const SECRET_ID = '3f7c1a92-5b4e-4d1c-9a8e-0c2d6f1b7e45';

describe('redact', () => {
  it('removes Vault tokens, UUID secret_ids, JWTs and credential pairs', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXBhcnQ';
    const text = `token ${TOKEN} id ${SECRET_ID} jwt ${jwt} password=hunter2hunter legacy s.abcdefghijklmnopqrstuvwx`;
    const out = redact(text);
    for (const secret of [TOKEN, SECRET_ID, jwt, 'hunter2hunter', 's.abcdefghijklmnopqrstuvwx']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[REDACTED]');
  });

  it('removes the password of a connection URL and remembered secret values', () => {
    rememberSecret('correct-horse-battery');
    // A made-up credential in a URL is exactly the input redaction exists for.
    const out = redact('postgres://app:s3cr3t-pw@db:5432/app failed; value correct-horse-battery leaked');
    expect(out).toBe('postgres://app:[REDACTED]@db:5432/app failed; value [REDACTED] leaked');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('GET secret/data/app failed with 404: not found')).toBe('GET secret/data/app failed with 404: not found');
  });
});

describe('errors', () => {
  it('maps Vault statuses to classes', () => {
    expect(errorFromResponse('GET', 'a', 403, ['permission denied', 'invalid token'])).toBeInstanceOf(VaultInvalidTokenError);
    expect(errorFromResponse('GET', 'a', 403, ['1 error occurred:\n\t* permission denied\n\n'])).toBeInstanceOf(VaultPermissionError);
    expect(errorFromResponse('GET', 'a', 404, [])).toBeInstanceOf(VaultNotFoundError);
    const sealed = errorFromResponse('GET', 'a', 503, ['Vault is sealed']);
    expect(sealed).toBeInstanceOf(VaultSealedError);
    expect(sealed).toBeInstanceOf(VaultUnavailableError);
    expect(errorFromResponse('GET', 'a', 502, [])).toBeInstanceOf(VaultUnavailableError);
    const bad = errorFromResponse('POST', 'auth/approle/login', 400, ['invalid role or secret ID']);
    expect(bad).toBeInstanceOf(VaultError);
    expect(bad.status).toBe(400);
    expect(bad.path).toBe('auth/approle/login');
    expect(bad.errors).toEqual(['invalid role or secret ID']);
    expect(bad.message).toBe('Vault POST auth/approle/login failed with 400: invalid role or secret ID');
  });

  it('never shows a token in message, errors, stack, inspect() or JSON, even when Vault echoes one', () => {
    const err = errorFromResponse('POST', 'auth/token/lookup', 400, [`bad token ${TOKEN}`, `secret_id=${SECRET_ID}`]);
    const views = [err.message, err.stack ?? '', inspect(err), inspect(err, { showHidden: true, depth: 5 }), JSON.stringify(err), err.errors.join()];
    for (const view of views) {
      expect(view).not.toContain(TOKEN);
      expect(view).not.toContain(SECRET_ID);
    }
  });

  it('keeps only a redacted copy of a foreign cause', () => {
    const foreign = Object.assign(new Error(`connect failed for ${TOKEN}`), { code: 'ECONNREFUSED', config: { headers: { 'X-Vault-Token': TOKEN } } });
    const err = new VaultUnavailableError('cannot reach Vault', { cause: foreign });
    const cause = err.cause as Error & { code?: string; config?: unknown };
    expect(cause.code).toBe('ECONNREFUSED');
    expect(cause.config).toBeUndefined();
    expect(inspect(err, { depth: 10, showHidden: true })).not.toContain(TOKEN);
  });
});
