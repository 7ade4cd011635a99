import { VaultAuthError, VaultError } from '../errors.js';
import type { VaultResponse } from '../http.js';
import { rememberSecret } from '../redact.js';
import type { AuthLogin } from './types.js';

/** Turns a login answer into an AuthLogin, refusing answers without a token. */
export function loginFromResponse(body: VaultResponse | undefined, path: string): AuthLogin {
  const auth = body?.auth;
  if (!auth || typeof auth.client_token !== 'string' || auth.client_token === '') {
    throw new VaultAuthError(`Vault answered ${path} without a client token`, { path });
  }
  rememberSecret(auth.client_token);
  return {
    token: auth.client_token,
    leaseDurationSec: Number(auth.lease_duration) || 0,
    renewable: Boolean(auth.renewable),
    owned: true,
    accessor: auth.accessor,
    policies: auth.policies ?? undefined,
  };
}

/** Login failures are reported as VaultAuthError (with Vault's status and errors), with a hint for the usual cause. */
export function loginError(method: string, path: string, err: unknown, hint: string): Error {
  if (!(err instanceof VaultError) || err.status === undefined || err.status >= 500 || err.status === 429) return err as Error;
  const reason = err.errors.length > 0 ? err.errors.join('; ') : `status ${err.status}`;
  return new VaultAuthError(`${method} login failed: ${reason}. ${hint}`, { status: err.status, errors: err.errors, path, method: 'POST' });
}

/** A mount path without surrounding slashes. */
export function cleanMount(mount: string): string {
  return mount.replace(/^\/+|\/+$/g, '');
}
