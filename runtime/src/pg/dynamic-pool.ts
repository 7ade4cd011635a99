import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { isAuthenticationFailure } from './auth-failure.js';
import { ClientSlots } from './client-slots.js';
import type { PgCredentialSource, PgCredentials, PgLeaseInfo } from './credentials.js';
import { ExponentialBackoff, unrefTimer } from '../backoff.js';
import { LeaseWatcher, type RotateEvent } from '../lifetime.js';
import { safeLogger, type Logger, type SafeLogger } from '../logger.js';
import { DynamicPgPoolError, describeCause, poolEndedError } from './errors.js';
import type { LeaseClock } from './lease-clock.js';
import { loadPgPool } from './load-pg.js';
import { withoutCredentials } from './pool-config.js';
import { PoolGeneration, type GenerationEvents } from './pool-generation.js';

export interface DynamicPoolSettings {
  /** Issues, renews and revokes the credentials (the Vault database engine in production). */
  source: PgCredentialSource;
  /** pg.Pool options for every underlying pool; `user`/`password` (also inside connectionString) are ignored. */
  pool?: pg.PoolConfig;
  /**
   * Replace credentials this long before their lease ends. Default: the lease watcher's grace, 10-20 % of the
   * lease, jittered per lease as Vault's LifetimeWatcher does. At most a quarter of the lease.
   */
  rotateBeforeMs?: number;
  logger?: Logger;
}

type QueryCallback = (error: Error | undefined, result?: any) => void;
type CheckoutCallback = (error: Error | undefined, client?: pg.PoolClient) => void;

/** A failed query-triggered fetch is not retried sooner than this: a Vault outage must not become a request flood. */
const MIN_ACQUIRE_INTERVAL_MS = 1_000;
/** Background retries of a failed rotation: Vault Agent's auth backoff, from 1 s doubling to 5 minutes. */
const ACQUIRE_BACKOFF = { initialMs: 1_000, maxMs: 5 * 60_000 };
/** The largest grace the lease watcher picks (10 % + up to 10 %): connections are recycled before it. */
const MAX_DEFAULT_GRACE = 0.2;

const ROTATE_REASONS: Record<RotateEvent['reason'], string> = {
  'max-ttl': 'the lease reached its max TTL',
  'not-renewable': 'the lease is not renewable',
  'renewal-failed': 'renewing the lease failed',
  expiring: 'the lease is about to end',
};

/**
 * A pg.Pool look-alike whose PostgreSQL user comes from a lease (Vault's database secrets engine). Each lease gets
 * its own pg.Pool; the pool renews the lease, replaces it before it ends, sends new work to the new pool at once,
 * drains the old one (checked-out clients finish) and then revokes the old lease.
 *
 * Events: `connect`, `acquire`, `release`, `remove`, `error` as pg.Pool, plus `rotate (oldLeaseId, newLeaseId)`.
 */
export class DynamicPgPool extends EventEmitter {
  /** The pg.Pool options in use, without credentials. */
  readonly options: pg.PoolOptions;
  readonly #source: PgCredentialSource;
  readonly #config: pg.PoolConfig;
  readonly #slots: ClientSlots;
  readonly #logger: SafeLogger;
  readonly #rotateBeforeMs?: number;
  readonly #events: GenerationEvents;
  readonly #retryBackoff = new ExponentialBackoff(ACQUIRE_BACKOFF);
  #current?: PoolGeneration;
  #watcher?: LeaseWatcher;
  readonly #generations = new Set<PoolGeneration>();
  readonly #retirements = new Set<Promise<void>>();
  #rotation?: Promise<PoolGeneration>;
  #lastLeaseId?: string;
  /** The lease that ended without a replacement, while there is none. */
  #expiredLease?: LeaseClock;
  #lastFailure?: { error: unknown; at: number };
  #retry?: NodeJS.Timeout;
  #endPromise?: Promise<void>;
  #ended = false;
  /** Checkouts (waiting for a slot or connecting) that have not yet got a client or failed: end() waits for them. */
  #checkoutsInFlight = 0;
  #onCheckoutsSettled?: () => void;

  constructor(settings: DynamicPoolSettings) {
    super();
    this.#source = settings.source;
    this.#logger = safeLogger(settings.logger);
    this.#rotateBeforeMs = settings.rotateBeforeMs;
    const { config, ignored } = withoutCredentials(settings.pool ?? {});
    if (ignored.length) {
      this.#logger.warn(
        `dynamic pg pool: ignoring ${ignored.join(', ')}; credentials come from ${this.#source.description}`,
      );
    }
    this.#config = config;
    const max = config.max || 10;
    this.options = {
      ...config,
      max,
      maxUses: config.maxUses || Infinity,
      allowExitOnIdle: config.allowExitOnIdle || false,
      maxLifetimeSeconds: config.maxLifetimeSeconds || 0,
      idleTimeoutMillis: config.idleTimeoutMillis === undefined ? 10_000 : config.idleTimeoutMillis,
    };
    this.#slots = new ClientSlots(max, config.connectionTimeoutMillis ?? 0);
    this.#events = {
      connect: (client) => this.emit('connect', client),
      acquire: (client) => this.emit('acquire', client),
      release: (error, client) => this.emit('release', error, client),
      remove: (client) => this.emit('remove', client),
      error: (error, client, generation) => this.#idleClientError(error, client, generation),
    };
  }

  get totalCount(): number {
    return this.#sum((pool) => pool.totalCount);
  }

  get idleCount(): number {
    return this.#sum((pool) => pool.idleCount);
  }

  /** Requests waiting for a client, whichever pool will serve them. */
  get waitingCount(): number {
    return this.#slots.waitingCount + this.#sum((pool) => pool.waitingCount);
  }

  get expiredCount(): number {
    return this.#sum((pool) => pool.expiredCount);
  }

  get ending(): boolean {
    return this.#endPromise !== undefined;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The lease now serving new work (never the password), or undefined before first use or after it ended. */
  currentLease(): PgLeaseInfo | undefined {
    return this.#current?.lease.info();
  }

  /** Replaces the credentials now (joining a rotation already under way) and returns the new lease. */
  async rotate(): Promise<PgLeaseInfo> {
    if (this.ending) throw poolEndedError();
    const generation = await this.#rotate('requested by the application');
    return generation.lease.info();
  }

  connect(): Promise<pg.PoolClient>;
  connect(
    callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: any) => void) => void,
  ): void;
  connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: any) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (!callback) {
      return new Promise((resolve, reject) =>
        this.#checkout((error, client) => (client ? resolve(this.#releaseFreesSlot(client)) : reject(error))),
      );
    }
    this.#checkout((error, client) => {
      if (!client) return callback(error, undefined, () => {});
      this.#releaseFreesSlot(client);
      callback(undefined, client, client.release);
    });
  }

  query<T extends pg.Submittable>(queryStream: T): T;
  query<R extends any[] = any[], I = any[]>(
    queryConfig: pg.QueryArrayConfig<I>,
    values?: pg.QueryConfigValues<I>,
  ): Promise<pg.QueryArrayResult<R>>;
  query<R extends pg.QueryResultRow = any, I = any[]>(queryConfig: pg.QueryConfig<I>): Promise<pg.QueryResult<R>>;
  query<R extends pg.QueryResultRow = any, I = any[]>(
    queryTextOrConfig: string | pg.QueryConfig<I>,
    values?: pg.QueryConfigValues<I>,
  ): Promise<pg.QueryResult<R>>;
  query<R extends any[] = any[], I = any[]>(
    queryConfig: pg.QueryArrayConfig<I>,
    callback: (err: Error, result: pg.QueryArrayResult<R>) => void,
  ): void;
  query<R extends pg.QueryResultRow = any, I = any[]>(
    queryTextOrConfig: string | pg.QueryConfig<I>,
    callback: (err: Error, result: pg.QueryResult<R>) => void,
  ): void;
  query<R extends pg.QueryResultRow = any, I = any[]>(
    queryText: string,
    values: pg.QueryConfigValues<I>,
    callback: (err: Error, result: pg.QueryResult<R>) => void,
  ): void;
  query(text: unknown, values?: unknown, callback?: unknown): unknown {
    if (typeof values === 'function') {
      callback = values;
      values = undefined;
    }
    if (typeof text === 'function') {
      const error = new Error('Passing a function as the first parameter to pool.query is not supported');
      if (typeof callback === 'function') {
        setImmediate(() => (callback as QueryCallback)(error));
        return undefined;
      }
      return Promise.reject(error);
    }
    if (typeof callback === 'function') {
      this.#query(text, values, callback as QueryCallback);
      return undefined;
    }
    return new Promise((resolve, reject) => {
      this.#query(text, values, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }

  /**
   * Stops taking new work, serves requests already waiting, lets checked-out clients finish, then ends every pool
   * and revokes every lease it holds. Leaves no timer behind.
   */
  end(): Promise<void>;
  end(callback: () => void): void;
  end(callback?: (error?: Error) => void): Promise<void> | void {
    if (this.#endPromise) {
      const error = new Error('Called end on pool more than once');
      if (callback) return callback(error);
      return Promise.reject(error);
    }
    this.#watcher?.stop();
    this.#cancelRetry();
    this.#endPromise = this.#shutdown();
    if (!callback) return this.#endPromise;
    this.#endPromise.then(() => callback(), callback);
  }

  // --- checking out clients -------------------------------------------------------------------------------------

  #query(text: unknown, values: unknown, callback: QueryCallback): void {
    this.#checkout((checkoutError, client) => {
      if (!client) return callback(checkoutError);
      // As pg-pool does: a connection error while the query runs arrives as a client 'error' event, and the
      // query callback may follow; whichever comes first releases the client and answers, once.
      let finished = false;
      const finish = (error?: Error, result?: unknown): void => {
        if (finished) return;
        finished = true;
        client.removeListener('error', finish);
        client.release(error);
        this.#slots.give();
        callback(error, result);
      };
      client.on('error', finish); // `finish` runs once anyway; on() spares once()'s wrapper on every query
      try {
        // A statement is on its way from here on: errors are the caller's, never retried.
        (client.query as (t: unknown, v: unknown, cb: QueryCallback) => void)(text, values, finish);
      } catch (error) {
        finish(error as Error);
      }
    });
  }

  /**
   * Gets a client from the current pg.Pool, holding one slot that the caller gives back after release(); calls
   * back exactly once. Callbacks rather than promises: this is the path of every query, and with usable credentials
   * it adds no asynchronous step to pg-pool's own.
   */
  #checkout(callback: CheckoutCallback): void {
    if (this.#endPromise) return callback(poolEndedError());
    this.#checkoutsInFlight++;
    if (this.#slots.tryTake()) return this.#connectWithSlot(callback);
    this.#slots.wait(
      () => this.#connectWithSlot(callback),
      (timeout) => {
        this.#checkoutSettled();
        callback(timeout);
      },
    );
  }

  #connectWithSlot(callback: CheckoutCallback): void {
    const current = this.#current;
    if (current?.isUsable()) return this.#connectTo(current, callback);
    this.#usableGeneration().then(
      (generation) => this.#connectTo(generation, callback),
      (error: Error) => this.#checkoutFailed(callback, error),
    );
  }

  /** Connects with a generation's credentials; if PostgreSQL refuses them, rotates once and tries once more. */
  #connectTo(generation: PoolGeneration, callback: CheckoutCallback, refused?: PoolGeneration): void {
    // Replaced while this caller waited for the rotation: take the current one instead.
    if (generation.retired) return this.#connectWithSlot(callback);
    generation.pool.connect((error, client) => {
      if (client) {
        this.#checkoutSettled();
        return callback(undefined, client);
      }
      if (!isAuthenticationFailure(error)) return this.#checkoutFailed(callback, error!);
      if (refused) {
        return this.#checkoutFailed(
          callback,
          new DynamicPgPoolError(
            'authentication-failed',
            this.#source.description,
            `PostgreSQL refused the credentials from ${this.#source.description} (user ${generation.lease.username}) ` +
              `right after replacing refused ones: ${describeCause(error)}`,
            { cause: error },
          ),
        );
      }
      this.#replaceRefused(generation, error).then(
        (fresh) => this.#connectTo(fresh, callback, generation),
        (replaceError: Error) => this.#checkoutFailed(callback, replaceError),
      );
    });
  }

  #checkoutFailed(callback: CheckoutCallback, error: Error): void {
    this.#checkoutSettled();
    this.#slots.give();
    callback(error);
  }

  #checkoutSettled(): void {
    if (--this.#checkoutsInFlight === 0) this.#onCheckoutsSettled?.();
  }

  /** For clients handed to the application: release() also gives the slot back (once; pg throws on a second). */
  #releaseFreesSlot(client: pg.PoolClient): pg.PoolClient {
    const release = client.release;
    client.release = (error?: Error | boolean) => {
      release(error);
      this.#slots.give();
    };
    return client;
  }

  async #usableGeneration(): Promise<PoolGeneration> {
    const current = this.#current;
    if (current?.isUsable()) return current;
    if (current) this.#expire(current, 'its lease ended'); // the expiry alarm may not have fired yet
    if (!this.#rotation && this.#lastFailure && Date.now() - this.#lastFailure.at < MIN_ACQUIRE_INTERVAL_MS) {
      throw this.#unavailable(this.#lastFailure.error);
    }
    let generation: PoolGeneration;
    try {
      generation = await this.#rotate(this.#lastLeaseId ? 'the previous lease ended' : 'first use');
    } catch (error) {
      throw this.#unavailable(error);
    }
    if (generation.isUsable()) return generation;
    if (this.#current?.isUsable()) return this.#current;
    throw this.#unavailable(new Error('the new lease had already ended'));
  }

  /** PostgreSQL refused `generation`'s credentials: replace them once, however many connects saw the refusal. */
  async #replaceRefused(generation: PoolGeneration, refusal: unknown): Promise<PoolGeneration> {
    if (this.#current !== generation) return this.#usableGeneration();
    if (!this.#rotation) {
      this.#logger.warn(
        `PostgreSQL refused user ${generation.lease.username} of lease ${generation.lease.leaseId} ` +
          `(${describeCause(refusal)}); fetching new credentials from ${this.#source.description}`,
      );
    }
    try {
      return await this.#rotate('PostgreSQL refused the current credentials');
    } catch (error) {
      throw new DynamicPgPoolError(
        'credentials-unavailable',
        this.#source.description,
        `PostgreSQL refused user ${generation.lease.username} and no new credentials could be obtained from ` +
          `${this.#source.description}: ${describeCause(error)}`,
        { cause: error },
      );
    }
  }

  #unavailable(error: unknown): Error {
    if (error instanceof DynamicPgPoolError || this.#endPromise) return error as Error;
    const source = this.#source.description;
    const expired = this.#expiredLease;
    if (expired) {
      return new DynamicPgPoolError(
        'credentials-expired',
        source,
        `database credentials from ${source} (user ${expired.username}) expired at ` +
          `${new Date(expired.expiresAt).toISOString()} and no new ones could be obtained: ${describeCause(error)}`,
        { cause: error },
      );
    }
    return new DynamicPgPoolError(
      'credentials-unavailable',
      source,
      `could not obtain database credentials from ${source}: ${describeCause(error)}`,
      { cause: error },
    );
  }

  // --- rotation --------------------------------------------------------------------------------------------------

  /** One rotation at a time: every caller that needs new credentials while one is under way shares it. */
  #rotate(reason: string): Promise<PoolGeneration> {
    if (!this.#rotation) {
      const rotation = this.#replaceGeneration(reason).finally(() => {
        if (this.#rotation === rotation) this.#rotation = undefined;
      });
      this.#rotation = rotation;
    }
    return this.#rotation;
  }

  async #replaceGeneration(reason: string): Promise<PoolGeneration> {
    if (this.#endPromise) throw poolEndedError();
    const Pool = await loadPgPool();
    const requestedAt = Date.now();
    let credentials: PgCredentials;
    try {
      credentials = await this.#source.acquire();
    } catch (error) {
      this.#lastFailure = { error, at: Date.now() };
      throw error;
    }
    if (this.#endPromise) {
      await this.#revoke(credentials.leaseId);
      throw poolEndedError();
    }
    const leaseMs = credentials.leaseDurationSec * 1000;
    const generation = new PoolGeneration(
      Pool,
      credentials,
      requestedAt,
      this.#config,
      this.#rotateBeforeFor(leaseMs) ?? MAX_DEFAULT_GRACE * leaseMs,
      this.#events,
    );
    const previous = this.#current;
    const previousLeaseId = this.#lastLeaseId;
    this.#current = generation;
    this.#generations.add(generation);
    this.#lastLeaseId = generation.lease.leaseId;
    this.#expiredLease = undefined;
    this.#lastFailure = undefined;
    this.#cancelRetry();
    this.#retryBackoff.reset();
    this.#watcher?.stop();
    this.#watcher = this.#watch(generation);
    if (previous) this.#retire(previous);
    this.#logger.info(
      `database credentials from ${this.#source.description}: user ${generation.lease.username}, lease ` +
        `${generation.lease.leaseId} (${credentials.leaseDurationSec}s)${previousLeaseId ? ` replaces ${previousLeaseId}: ${reason}` : ''}`,
    );
    if (previousLeaseId) this.#emitSafely('rotate', previousLeaseId, generation.lease.leaseId);
    return generation;
  }

  /** Renews the generation's lease on the shared LifetimeWatcher schedule and says when to replace it. */
  #watch(generation: PoolGeneration): LeaseWatcher {
    const { leaseId, durationSec, renewable } = generation.lease;
    const rotateBeforeMs = this.#rotateBeforeFor(durationSec * 1000);
    return new LeaseWatcher({
      lease: { leaseDurationSec: durationSec, renewable },
      // Ask for the duration the lease was issued with, as Vault Agent does; Vault caps it at the max TTL.
      incrementSec: durationSec,
      renew: async (incrementSec) => {
        const renewal = await this.#source.renew(leaseId, incrementSec ?? durationSec);
        return { leaseDurationSec: renewal.leaseDurationSec, renewable: renewal.renewable, warnings: [...(renewal.warnings ?? [])] };
      },
      ...(rotateBeforeMs === undefined ? {} : { rotateBeforeMs }),
      logger: this.#logger,
      name: `database lease ${leaseId}`,
      onRenewed: (event) => generation.lease.renewed(event.leaseDurationSec, event.renewable, event.expiresAt),
      onRotate: (event) => {
        const cause = event.error === undefined ? '' : `: ${describeCause(event.error)}`;
        this.#rotateInBackground(`${ROTATE_REASONS[event.reason]}${cause}`);
      },
      onExpired: () => this.#expire(generation, 'its lease ended before new credentials could be obtained'),
    }).start();
  }

  /** Timed rotation: on failure keep the current credentials while they last and retry with backoff. */
  #rotateInBackground(reason: string): void {
    if (this.#endPromise) return;
    this.#rotate(reason).catch((error: unknown) => {
      if (this.#endPromise || this.#retry) return;
      const current = this.#current;
      let delay = this.#retryBackoff.next();
      // Retry at least once more before the current lease ends.
      if (current) delay = Math.min(delay, Math.max(ACQUIRE_BACKOFF.initialMs, current.lease.remainingMs() / 2));
      this.#logger.warn(
        `could not obtain new database credentials from ${this.#source.description} (${reason}): ` +
          `${describeCause(error)}; retrying in ${(delay / 1000).toFixed(1)}s` +
          (current ? `; user ${current.lease.username} stays in use until ${new Date(current.lease.expiresAt).toISOString()}` : ''),
      );
      this.#retry = unrefTimer(() => {
        this.#retry = undefined;
        this.#rotateInBackground(reason);
      }, delay);
    });
  }

  #cancelRetry(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  /** The lease of the current generation ended without a replacement: stop using it, keep trying for a new one. */
  #expire(generation: PoolGeneration, why: string): void {
    if (this.#current !== generation) return;
    this.#current = undefined;
    this.#expiredLease = generation.lease;
    this.#watcher?.stop();
    this.#watcher = undefined;
    this.#logger.error(
      `database credentials from ${this.#source.description} (user ${generation.lease.username}) are no longer ` +
        `used: ${why}; queries fail until new credentials are obtained`,
    );
    this.#retire(generation);
    if (!this.#rotation && !this.#retry) this.#rotateInBackground('the previous lease ended');
  }

  /** Drains a generation (checked-out clients finish), ends its pool, then revokes its lease. */
  #retire(generation: PoolGeneration): void {
    if (generation.retired) return;
    const { leaseId } = generation.lease;
    const retirement = generation
      .retire()
      .then(() => this.#revoke(leaseId))
      .finally(() => {
        this.#generations.delete(generation);
        this.#retirements.delete(retirement);
      });
    this.#retirements.add(retirement);
  }

  async #revoke(leaseId: string): Promise<void> {
    try {
      await this.#source.revoke(leaseId);
      this.#logger.debug(`revoked database lease ${leaseId}`);
    } catch (error) {
      this.#logger.warn(`could not revoke database lease ${leaseId}: ${describeCause(error)}; it ends at its TTL`);
    }
  }

  /**
   * The user's rotateBeforeMs, at most a quarter of the lease: the watcher replaces a lease whose next renewal
   * would land within that margin, so a larger one would replace every fresh lease at once, forever.
   */
  #rotateBeforeFor(leaseMs: number): number | undefined {
    return this.#rotateBeforeMs === undefined ? undefined : Math.min(this.#rotateBeforeMs, leaseMs / 4);
  }

  async #shutdown(): Promise<void> {
    // Requests made before end() are still served: wait until each has its client (or its error).
    if (this.#checkoutsInFlight > 0) await new Promise<void>((resolve) => (this.#onCheckoutsSettled = resolve));
    this.#onCheckoutsSettled = undefined;
    await this.#rotation?.catch(() => undefined);
    const current = this.#current;
    this.#current = undefined;
    if (current) this.#retire(current);
    for (const generation of this.#generations) this.#retire(generation);
    while (this.#retirements.size) await Promise.all(this.#retirements);
    this.#ended = true;
  }

  // --- events and counts -----------------------------------------------------------------------------------------

  /** An idle connection failed. pg.Pool would crash a process without an 'error' listener; we log instead. */
  #idleClientError(error: Error, client: pg.PoolClient, generation: PoolGeneration): void {
    if (generation.retired) {
      // A connection of a drained pool (pg-pool's end() resolves before its sockets have closed).
      this.#logger.debug(`a closing PostgreSQL connection of lease ${generation.lease.leaseId} failed: ${describeCause(error)}`);
      return;
    }
    if (this.listenerCount('error') > 0) {
      this.emit('error', error, client);
      return;
    }
    this.#logger.warn(`an idle PostgreSQL connection failed and was removed: ${describeCause(error)}`);
  }

  #emitSafely(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (error) {
      this.#logger.warn(`a '${event}' listener threw: ${describeCause(error)}`);
    }
  }

  #sum(count: (pool: pg.Pool) => number): number {
    let total = 0;
    for (const generation of this.#generations) total += count(generation.pool);
    return total;
  }
}
