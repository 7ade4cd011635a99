import { inspect } from 'node:util';
import { redact } from './redact.js';

export interface VaultErrorDetails {
  /** HTTP status Vault answered with, when there was an answer. */
  status?: number;
  /** Vault's `errors` array (redacted). */
  errors?: string[];
  /** The API path (below /v1/) of the request that failed. */
  path?: string;
  /** HTTP method of the request that failed. */
  method?: string;
  /** The underlying error; only its name, code and redacted message are kept. */
  cause?: unknown;
}

/**
 * Base class of every error the runtime throws. `message`, `errors`, `path`, `stack` and `inspect()` output are
 * built from redacted text only: no token, secret_id or secret value can appear in them.
 */
export class VaultError extends Error {
  readonly status: number | undefined;
  readonly errors: string[];
  readonly path: string | undefined;
  readonly method: string | undefined;
  readonly code: string = 'ERR_VAULT';

  constructor(message: string, details: VaultErrorDetails = {}) {
    super(redact(message), details.cause === undefined ? undefined : { cause: sanitizeCause(details.cause) });
    this.name = new.target.name;
    this.status = details.status;
    this.errors = (details.errors ?? []).map((e) => redact(String(e)));
    this.path = details.path === undefined ? undefined : redact(details.path);
    this.method = details.method;
  }

  [inspect.custom](): string {
    const where = [this.status, this.method, this.path].filter((x) => x !== undefined).join(' ');
    const cause = this.cause instanceof Error ? `\n  [cause]: ${this.cause.name}: ${this.cause.message}` : '';
    return `${this.stack ?? `${this.name}: ${this.message}`}${where ? `\n  (${where})` : ''}${cause}`;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, status: this.status, path: this.path, errors: this.errors };
  }
}

/** The runtime was configured in a way it refuses to run with (missing address, plain http, a static token...). */
export class VaultConfigError extends VaultError {
  override readonly code = 'ERR_VAULT_CONFIG';
}

/** Logging in failed: wrong role_id/secret_id, a used-up or expired secret_id, a rejected JWT, an unreadable file. */
export class VaultAuthError extends VaultError {
  override readonly code = 'ERR_VAULT_AUTH';
}

/** 403 "permission denied" with a valid token: the policy does not allow it. Logging in again would not help. */
export class VaultPermissionError extends VaultError {
  override readonly code = 'ERR_VAULT_PERMISSION';
}

/** 403 "invalid token": the token was revoked or expired (the client logs in once and retries once). */
export class VaultInvalidTokenError extends VaultError {
  override readonly code = 'ERR_VAULT_INVALID_TOKEN';
}

/** 404: no secret at that path (or the KV version was deleted/destroyed). */
export class VaultNotFoundError extends VaultError {
  override readonly code = 'ERR_VAULT_NOT_FOUND';
}

/** Vault could not be reached or did not answer in time, or answered 5xx/429 after the retries ran out. */
export class VaultUnavailableError extends VaultError {
  override readonly code: string = 'ERR_VAULT_UNAVAILABLE';
}

/** 503 "Vault is sealed". */
export class VaultSealedError extends VaultUnavailableError {
  override readonly code = 'ERR_VAULT_SEALED';
}

/** The client was closed; it makes no more requests. */
export class VaultClientClosedError extends VaultError {
  override readonly code = 'ERR_VAULT_CLIENT_CLOSED';
}

/** A Vault Agent-rendered secret file could not be read or parsed (its content is never quoted). */
export class SecretFileError extends VaultError {
  override readonly code = 'ERR_SECRET_FILE';
}

/** Keep only what is safe from a foreign error: its name, code and a redacted message. */
function sanitizeCause(cause: unknown): Error {
  if (cause instanceof VaultError) return cause;
  const source = cause instanceof Error ? cause : new Error(String(cause));
  const inner = (source as { cause?: unknown }).cause;
  const code = (source as { code?: unknown }).code ?? (inner as { code?: unknown } | undefined)?.code;
  const innerMessage = inner instanceof Error ? `: ${inner.message}` : '';
  const safe = new Error(redact(`${source.message}${innerMessage}`));
  safe.name = source.name;
  if (typeof code === 'string') (safe as Error & { code?: string }).code = code;
  safe.stack = `${safe.name}: ${safe.message}`;
  return safe;
}

const INVALID_TOKEN = /invalid token|token is expired|bad token|token not found/i;
const SEALED = /sealed/i;

/** The error class for a Vault HTTP error response. */
export function errorFromResponse(method: string, path: string, status: number, errors: string[]): VaultError {
  const text = errors.length > 0 ? errors.join('; ') : statusText(status);
  const message = `Vault ${method} ${path} failed with ${status}: ${text}`;
  const details = { status, errors, path, method };
  if (status === 403 && errors.some((e) => INVALID_TOKEN.test(e))) return new VaultInvalidTokenError(message, details);
  if (status === 403) return new VaultPermissionError(message, details);
  if (status === 404) return new VaultNotFoundError(message, details);
  if (status === 503 && errors.some((e) => SEALED.test(e))) return new VaultSealedError(message, details);
  if (status >= 500 || status === 429 || status === 412) return new VaultUnavailableError(message, details);
  return new VaultError(message, details);
}

function statusText(status: number): string {
  switch (status) {
    case 400: return 'invalid request';
    case 403: return 'permission denied';
    case 404: return 'not found';
    case 405: return 'unsupported operation';
    case 429: return 'rate limited or standby';
    case 503: return 'unavailable';
    default: return 'error';
  }
}
