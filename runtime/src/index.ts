// mcp-secrets-runtime: the API that migrated MCP servers import.
export const RUNTIME_NAME = 'mcp-secrets-runtime';
export {
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
export { LeaseWatcher, watchLease, computeGraceMs, computeSleepMs } from './lifetime.js';
export type { LeaseState, LeaseWatcherEvents, LeaseWatcherOptions, RenewedEvent, RotateEvent, RotateReason } from './lifetime.js';
export type { VaultAuthInfo, VaultResponse, WrapInfo } from './http.js';
