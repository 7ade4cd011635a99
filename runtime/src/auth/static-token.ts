import { rememberSecret } from '../redact.js';
import type { AuthLogin, AuthMethod } from './types.js';

/** A fixed token (VAULT_TOKEN, only with VAULT_ALLOW_STATIC_TOKEN=1). Never renewed or revoked by the client. */
export function staticToken(token: string): AuthMethod {
  rememberSecret(token);
  return {
    type: 'token',
    async login(): Promise<AuthLogin> {
      return { token, leaseDurationSec: 0, renewable: false, owned: false };
    },
  };
}
