import { VaultConfigError } from '../errors.js';
import { safeLogger, type Logger } from '../logger.js';
import { appRole } from './approle.js';
import { kubernetesAuth } from './kubernetes.js';
import { staticToken } from './static-token.js';
import { tokenFile } from './token-file.js';
import type { AuthMethod } from './types.js';

export interface AuthFromEnvOptions {
  env?: NodeJS.ProcessEnv;
  /** Receives the static-token warning. Default: console (redacted). */
  logger?: Logger;
}

const STATIC_TOKEN_HELP =
  'a static VAULT_TOKEN never rotates and cannot be revoked selectively. Use AppRole (VAULT_ROLE_ID + ' +
  'VAULT_SECRET_ID_FILE / VAULT_WRAPPED_SECRET_ID), Kubernetes auth (VAULT_K8S_ROLE) or a Vault Agent token file ' +
  '(VAULT_TOKEN_FILE)';

/**
 * The auth method the environment describes, in this order: AppRole (VAULT_ROLE_ID), Kubernetes (VAULT_K8S_ROLE),
 * a Vault Agent token file (VAULT_TOKEN_FILE). A bare VAULT_TOKEN is refused unless VAULT_ALLOW_STATIC_TOKEN=1,
 * and then used with a warning.
 */
export function authFromEnv(options: AuthFromEnvOptions = {}): AuthMethod {
  const env = options.env ?? process.env;
  const logger = safeLogger(options.logger);
  // This is the guard the rule asks for: the value is refused unless VAULT_ALLOW_STATIC_TOKEN=1, then warned about.
  // eslint-disable-next-line mcp-secrets/no-static-vault-token
  const staticTokenValue = env.VAULT_TOKEN || undefined;
  const chosen = chooseMethod(env);
  if (chosen) {
    if (staticTokenValue) logger.warn(`VAULT_TOKEN is set but ignored: using ${chosen.type} auth`);
    return chosen;
  }
  if (staticTokenValue) {
    if (env.VAULT_ALLOW_STATIC_TOKEN === '1' || env.VAULT_ALLOW_STATIC_TOKEN === 'true') {
      logger.warn(`using a static VAULT_TOKEN because VAULT_ALLOW_STATIC_TOKEN is set: ${STATIC_TOKEN_HELP}`);
      return staticToken(staticTokenValue);
    }
    throw new VaultConfigError(`refusing VAULT_TOKEN: ${STATIC_TOKEN_HELP}. Set VAULT_ALLOW_STATIC_TOKEN=1 to accept it anyway.`);
  }
  throw new VaultConfigError(
    'no Vault auth method configured: set VAULT_ROLE_ID with VAULT_SECRET_ID_FILE, VAULT_SECRET_ID or ' +
      'VAULT_WRAPPED_SECRET_ID (AppRole), or VAULT_K8S_ROLE (Kubernetes), or VAULT_TOKEN_FILE (Vault Agent)',
  );
}

function chooseMethod(env: NodeJS.ProcessEnv): AuthMethod | undefined {
  if (env.VAULT_ROLE_ID) return appRole({ env });
  if (env.VAULT_K8S_ROLE) return kubernetesAuth({ env });
  if (env.VAULT_TOKEN_FILE) return tokenFile({ env });
  return undefined;
}
