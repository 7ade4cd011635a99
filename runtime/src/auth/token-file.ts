import { readFile } from 'node:fs/promises';
import { VaultAuthError, VaultConfigError } from '../errors.js';
import { rememberSecret } from '../redact.js';
import { watchFileInDirectory } from '../watch-file.js';
import type { AuthLogin, AuthMethod } from './types.js';

export interface TokenFileOptions {
  /** The Vault Agent auto-auth file sink. Default VAULT_TOKEN_FILE. */
  path?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * A token written by Vault Agent's auto-auth file sink. The Agent logs in, renews and re-authenticates; the client
 * only reads the file again when it changes (or after Vault rejects the token), and never renews or revokes it.
 */
export function tokenFile(options: TokenFileOptions = {}): AuthMethod {
  const path = options.path ?? (options.env ?? process.env).VAULT_TOKEN_FILE;
  if (!path) throw new VaultConfigError('tokenFile needs a path: pass path or set VAULT_TOKEN_FILE');
  return {
    type: 'token-file',
    async login(): Promise<AuthLogin> {
      let token: string;
      try {
        token = (await readFile(path, 'utf8')).trim();
      } catch (err) {
        throw new VaultAuthError(`cannot read the Vault token file ${path} (is Vault Agent running?)`, { cause: err });
      }
      if (!token) throw new VaultAuthError(`the Vault token file ${path} is empty (Vault Agent has not logged in yet?)`);
      rememberSecret(token);
      return { token, leaseDurationSec: 0, renewable: false, owned: false };
    },
    watch(onChange, logger) {
      const handle = watchFileInDirectory(path, onChange, { logger, debounceMs: 50 });
      return () => handle.close();
    },
  };
}
