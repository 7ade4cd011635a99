// mcp-secrets-runtime: the API that migrated MCP servers import. The codemods emit these names; keep them.
export const RUNTIME_NAME = 'mcp-secrets-runtime';

export { createVaultClient } from './client.js';
export type { LeaseInfo, VaultClient, VaultClientOptions } from './client.js';
export type { KvReader, KvVersion } from './kv.js';
export type { VaultAuthInfo, VaultResponse, WrapInfo } from './http.js';

export { appRole } from './auth/approle.js';
export type { AppRoleOptions } from './auth/approle.js';
export { kubernetesAuth } from './auth/kubernetes.js';
export type { KubernetesAuthOptions } from './auth/kubernetes.js';
export { tokenFile } from './auth/token-file.js';
export type { TokenFileOptions } from './auth/token-file.js';
export { authFromEnv } from './auth/from-env.js';
export type { AuthFromEnvOptions } from './auth/from-env.js';
export type { AuthContext, AuthLogin, AuthMethod } from './auth/types.js';

export { SecretCache } from './secret-cache.js';
export type { SecretCacheOptions, SecretCacheStats } from './secret-cache.js';

export { readAgentSecrets, watchAgentSecrets } from './agent-files.js';
export type { AgentFileFormat, AgentSecretsWatcher, ReadAgentSecretsOptions, WatchAgentSecretsOptions } from './agent-files.js';

export * from './dynamic-pg-pool.js';

export { LeaseWatcher, watchLease, computeGraceMs, computeSleepMs } from './lifetime.js';
export type { LeaseState, LeaseWatcherEvents, LeaseWatcherOptions, RenewContext, RenewedEvent, RotateEvent, RotateReason } from './lifetime.js';

export {
  SecretFileError,
  VaultAuthError,
  VaultClientClosedError,
  VaultConfigError,
  VaultError,
  VaultInvalidTokenError,
  VaultNotFoundError,
  VaultPermissionError,
  VaultSealedError,
  VaultUnavailableError,
} from './errors.js';
export type { VaultErrorDetails } from './errors.js';
export { consoleLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
