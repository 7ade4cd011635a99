import { readFile } from 'node:fs/promises';
import { VaultAuthError, VaultConfigError, VaultError, VaultPermissionError } from '../errors.js';
import type { VaultResponse } from '../http.js';
import { rememberSecret, rememberSecretsIn } from '../redact.js';
import { cleanMount, loginError, loginFromResponse } from './login-response.js';
import type { AuthContext, AuthLogin, AuthMethod } from './types.js';

export interface AppRoleOptions {
  /** Default VAULT_ROLE_ID. Not a secret. */
  roleId?: string;
  /** The secret_id itself. Default VAULT_SECRET_ID. */
  secretId?: string;
  /** A file holding the secret_id, re-read at every login. Default VAULT_SECRET_ID_FILE. */
  secretIdFile?: string;
  /** A response-wrapping token whose payload is the secret_id. Default VAULT_WRAPPED_SECRET_ID. Unwrapped once. */
  wrappingToken?: string;
  /** Auth mount path. Default VAULT_APPROLE_MOUNT or "approle". */
  mount?: string;
  /** Where the defaults come from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

type SecretSource =
  | { kind: 'value'; secretId: string }
  | { kind: 'file'; path: string }
  | { kind: 'wrapped'; wrappingToken: string };

/**
 * AppRole login (secret zero split into a role_id and a secret_id). The secret_id comes from, in this order:
 * `secretId`, `secretIdFile`, `wrappingToken`, then VAULT_SECRET_ID_FILE, VAULT_SECRET_ID, VAULT_WRAPPED_SECRET_ID.
 */
export function appRole(options: AppRoleOptions = {}): AuthMethod {
  const env = options.env ?? process.env;
  const roleId = options.roleId ?? env.VAULT_ROLE_ID;
  if (!roleId) throw new VaultConfigError('AppRole needs a role_id: pass roleId or set VAULT_ROLE_ID');
  const mount = cleanMount(options.mount ?? env.VAULT_APPROLE_MOUNT ?? 'approle');
  const source = secretSource(options, env);
  if (source.kind === 'value') rememberSecret(source.secretId);
  if (source.kind === 'wrapped') rememberSecret(source.wrappingToken);
  return new AppRoleAuth(roleId, mount, source);
}

function secretSource(options: AppRoleOptions, env: NodeJS.ProcessEnv): SecretSource {
  if (options.secretId) return { kind: 'value', secretId: options.secretId };
  if (options.secretIdFile) return { kind: 'file', path: options.secretIdFile };
  if (options.wrappingToken) return { kind: 'wrapped', wrappingToken: options.wrappingToken };
  if (env.VAULT_SECRET_ID_FILE) return { kind: 'file', path: env.VAULT_SECRET_ID_FILE };
  if (env.VAULT_SECRET_ID) return { kind: 'value', secretId: env.VAULT_SECRET_ID };
  if (env.VAULT_WRAPPED_SECRET_ID) return { kind: 'wrapped', wrappingToken: env.VAULT_WRAPPED_SECRET_ID };
  throw new VaultConfigError(
    'AppRole needs a secret_id: pass secretId/secretIdFile/wrappingToken or set VAULT_SECRET_ID_FILE, ' +
      'VAULT_SECRET_ID or VAULT_WRAPPED_SECRET_ID',
  );
}

class AppRoleAuth implements AuthMethod {
  readonly type = 'approle';
  readonly #roleId: string;
  readonly #mount: string;
  readonly #source: SecretSource;
  #unwrapped: Promise<string> | undefined;

  constructor(roleId: string, mount: string, source: SecretSource) {
    this.#roleId = roleId;
    this.#mount = mount;
    this.#source = source;
  }

  async login(ctx: AuthContext): Promise<AuthLogin> {
    const secretId = await this.#secretId(ctx);
    const path = `auth/${this.#mount}/login`;
    let body: VaultResponse | undefined;
    try {
      // Not idempotent: each login uses up one of the secret_id's num_uses, so it is never retried blindly.
      body = await ctx.request<VaultResponse>({ method: 'POST', path, body: { role_id: this.#roleId, secret_id: secretId } });
    } catch (err) {
      throw loginError('AppRole', path, err, 'Check the role_id, and that the secret_id is neither expired nor used up (secret_id_num_uses).');
    }
    return loginFromResponse(body, path);
  }

  async #secretId(ctx: AuthContext): Promise<string> {
    const source = this.#source;
    if (source.kind === 'value') return source.secretId;
    if (source.kind === 'file') return readSecretIdFile(source.path);
    // A wrapping token works once: unwrap it on the first login and keep the secret_id for later logins.
    // A failed attempt is forgotten so the next login tries again (a used-up token then gets the clear error).
    this.#unwrapped ??= unwrapSecretId(ctx, source.wrappingToken, this.#mount).catch((err: unknown) => {
      this.#unwrapped = undefined;
      throw err;
    });
    return this.#unwrapped;
  }

  toString(): string {
    return `AppRoleAuth(${this.#mount})`;
  }
}

async function readSecretIdFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new VaultAuthError(`cannot read the AppRole secret_id file ${path}`, { cause: err });
  }
  const secretId = text.trim();
  if (!secretId) throw new VaultAuthError(`the AppRole secret_id file ${path} is empty`);
  rememberSecret(secretId);
  return secretId;
}

/**
 * Looks the wrapping token up first (that does not use it; Vault serves sys/wrapping/lookup without a client token)
 * to check it was created by an AppRole secret-id endpoint, then unwraps it. A token that is already used or expired
 * may have been intercepted: say so. A server that refuses the anonymous lookup still gets the unwrapped payload
 * checked for a secret_id.
 */
async function unwrapSecretId(ctx: AuthContext, wrappingToken: string, mount: string): Promise<string> {
  let creationPath: string | undefined;
  try {
    const lookup = await ctx.request<VaultResponse<{ creation_path?: string }>>({
      method: 'POST', path: 'sys/wrapping/lookup', body: { token: wrappingToken }, idempotent: true,
    });
    creationPath = lookup?.data?.creation_path ?? '';
  } catch (err) {
    if (!(err instanceof VaultPermissionError)) throw wrappingError(err);
    ctx.logger.debug('this server wants a token for sys/wrapping/lookup; checking the unwrapped payload instead');
  }
  const expected = new RegExp(`(^|/)auth/${escapeRegExp(mount)}/role/[^/]+/(custom-)?secret-id$`);
  if (creationPath !== undefined && !expected.test(creationPath)) {
    throw new VaultAuthError(
      `the wrapped secret_id was created by "${creationPath}", not by auth/${mount}/role/<role>/secret-id: refusing it ` +
        '(it may have been substituted)',
    );
  }
  let unwrapped: VaultResponse<{ secret_id?: string }> | undefined;
  try {
    unwrapped = await ctx.request<VaultResponse<{ secret_id?: string }>>({ method: 'POST', path: 'sys/wrapping/unwrap', token: wrappingToken });
  } catch (err) {
    throw wrappingError(err);
  }
  const secretId = unwrapped?.data?.secret_id;
  if (typeof secretId !== 'string' || secretId === '') {
    rememberSecretsIn(unwrapped?.data);
    throw new VaultAuthError('the wrapped response holds no secret_id: refusing it (it may have been substituted)');
  }
  rememberSecret(secretId);
  ctx.logger.info('unwrapped the AppRole secret_id (the wrapping token is now used up)');
  return secretId;
}

function wrappingError(err: unknown): Error {
  if (err instanceof VaultError && err.status === 400) {
    return new VaultAuthError(
      'the wrapped secret_id is not valid: it expired, or it was already unwrapped. If this process did not unwrap ' +
        'it, someone else did: treat the secret_id as compromised and issue a new one',
      { status: err.status, errors: err.errors, path: err.path },
    );
  }
  return err as Error;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
