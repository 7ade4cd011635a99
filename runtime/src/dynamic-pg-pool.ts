// createDynamicPgPool: a pg.Pool look-alike fed by Vault's dynamic database credentials (see docs/dynamic-pg-pool.md).
import type pg from 'pg';
import type { VaultClient } from './client.js';
import type { Logger } from './logger.js';
import { DynamicPgPool } from './pg/dynamic-pool.js';
import { VaultDatabaseCredentials } from './pg/vault-credentials.js';

export interface DynamicPgPoolOptions extends pg.PoolConfig {
  /** From createVaultClient(). */
  vault: VaultClient;
  /** The database secrets engine role: credentials are read from `<mount>/creds/<role>`. */
  role: string;
  /** Mount path of the database secrets engine. Default 'database'. */
  mount?: string;
  /**
   * Replace the credentials this long before their lease ends. Default: 10-20 % of the lease (jittered per lease,
   * the same grace the runtime's LeaseWatcher uses for every lease). At most a quarter of the lease.
   */
  rotateBeforeMs?: number;
  /** Receives rotations, renewal problems and ignored options. Default: the Vault client's logger, else console. */
  logger?: Logger;
}

/**
 * A pool of PostgreSQL connections that log in with short-lived credentials from Vault's database secrets engine,
 * renewed while in use, replaced before they expire and revoked by end(). Use it wherever a pg.Pool is used.
 * `user`/`password` in the options (or in connectionString) are ignored with a warning.
 */
export function createDynamicPgPool(options: DynamicPgPoolOptions): DynamicPgPool {
  const { vault, role, mount = 'database', rotateBeforeMs, logger, ...poolConfig } = options;
  if (!vault || typeof vault.read !== 'function') {
    throw new TypeError('createDynamicPgPool: `vault` must be a client from createVaultClient()');
  }
  if (typeof role !== 'string' || role.trim() === '') {
    throw new TypeError('createDynamicPgPool: `role` must name a database secrets engine role');
  }
  if (rotateBeforeMs !== undefined && !(rotateBeforeMs >= 0)) {
    throw new TypeError('createDynamicPgPool: `rotateBeforeMs` must be a number of milliseconds >= 0');
  }
  return new DynamicPgPool({
    source: new VaultDatabaseCredentials(vault, mount, role),
    pool: poolConfig,
    rotateBeforeMs,
    logger: logger ?? vault.logger,
  });
}

export { DynamicPgPool } from './pg/dynamic-pool.js';
export type { DynamicPoolSettings } from './pg/dynamic-pool.js';
export { DynamicPgPoolError } from './pg/errors.js';
export type { DynamicPgPoolErrorReason } from './pg/errors.js';
export type { PgCredentialSource, PgCredentials, PgLeaseInfo, PgLeaseRenewal } from './pg/credentials.js';
