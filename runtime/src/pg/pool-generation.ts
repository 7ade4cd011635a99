import type pg from 'pg';
import type { PgCredentials } from './credentials.js';
import { LeaseClock } from './lease-clock.js';
import { hideConnectionString, poolConfigFor } from './pool-config.js';

export interface GenerationEvents {
  connect(client: pg.PoolClient): void;
  error(error: Error, client: pg.PoolClient, generation: PoolGeneration): void;
  acquire(client: pg.PoolClient): void;
  release(error: Error | undefined, client: pg.PoolClient): void;
  remove(client: pg.PoolClient): void;
}

/**
 * One lease and the pg.Pool that logs in with it. A generation is current until a rotation replaces it, then
 * retired: no new work is sent to it, and its pool is ended, which lets checked-out clients finish first.
 */
export class PoolGeneration {
  readonly lease: LeaseClock;
  readonly pool: pg.Pool;
  readonly maxLifetimeSeconds: number;
  #retired?: Promise<void>;

  constructor(
    Pool: typeof pg.Pool,
    credentials: PgCredentials,
    requestedAt: number,
    baseConfig: pg.PoolConfig,
    rotateBeforeMs: number,
    events: GenerationEvents,
  ) {
    this.lease = new LeaseClock(credentials, requestedAt);
    // Every physical connection is closed before the lease could end, even if renewals stopped right after it
    // opened: PostgreSQL keeps sessions alive past VALID UNTIL and DROP ROLE.
    const leaseLimit = Math.max(1, Math.floor((credentials.leaseDurationSec * 1000 - rotateBeforeMs) / 1000));
    this.maxLifetimeSeconds = Math.min(baseConfig.maxLifetimeSeconds || Infinity, leaseLimit);
    this.pool = new Pool(poolConfigFor(baseConfig, credentials, this.maxLifetimeSeconds));
    hideConnectionString(this.pool.options);
    this.pool.on('connect', events.connect);
    this.pool.on('error', (error: Error, client: pg.PoolClient) => events.error(error, client, this));
    this.pool.on('acquire', events.acquire);
    this.pool.on('release', events.release);
    this.pool.on('remove', events.remove);
  }

  get retired(): boolean {
    return this.#retired !== undefined;
  }

  /** Usable for new work: current and within its lease. */
  isUsable(now = Date.now()): boolean {
    return this.#retired === undefined && now < this.lease.expiresAt;
  }

  /** Stops new work and resolves once every client of this lease has been released and closed. */
  retire(): Promise<void> {
    // pg-pool serves a connect() that finds an idle client on the next tick, and end() strands a connect() still
    // queued: end only after that tick. The caller sends no connect() to a retired generation.
    this.#retired ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => this.pool.end().then(resolve, reject));
    });
    return this.#retired;
  }
}
