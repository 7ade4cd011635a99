// Every transform `mcp-secrets migrate` runs, in the order it runs them: clients first, so the database pool finds
// the VaultClient that vault-token-to-approle created instead of adding a second one.
import type { CodemodTransform } from './util/transform-kit.js';
import { agentFileReader } from './agent-file-reader.js';
import { databaseUrlToDynamicPool } from './database-url-to-dynamic-pool.js';
import { moduleSecretToCache } from './module-secret-to-cache.js';
import { vaultTokenToAppRole } from './vault-token-to-approle.js';

export const transforms: readonly CodemodTransform[] = [vaultTokenToAppRole, databaseUrlToDynamicPool, moduleSecretToCache, agentFileReader];

export type { CodemodOptions, CodemodTransform, FileOutcome } from './util/transform-kit.js';
export { MigrationError, runTransforms } from './util/transform-kit.js';
