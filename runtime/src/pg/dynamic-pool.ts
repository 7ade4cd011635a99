import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { safeLogger, type Logger, type SafeLogger } from '../logger.js';
import { isAuthenticationFailure } from './auth-failure.js';
import { ClientSlots } from './client-slots.js';
import type { PgCredentialSource, PgLeaseInfo } from './credentials.js';
import { DynamicPgPoolError, describeCause, poolEndedError } from './errors.js';
import { LeaseRotation } from './lease-rotation.js';
import { withoutCredentials } from './pool-config.js';
import type { PoolGeneration } from './pool-generation.js';

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

type QueryCallback = (error: Error | undefined, result?: unknown) => void;
type CheckoutCallback = (error: Error | undefined, client?: pg.PoolClient) => void;

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
  readonly #description: string;
  readonly #slots: ClientSlots;
  readonly #logger: SafeLogger;
  readonly #leases: LeaseRotation;
  #endPromise?: Promise<void>;
  #ended = false;
  /** Checkouts (waiting for a slot or connecting) that have not yet got a client or failed: end() waits for them. */
  #checkoutsInFlight = 0;
  #onCheckoutsSettled?: () => void;

  constructor(settings: DynamicPoolSettings) {
    super();
    this.#description = settings.source.description;
    this.#logger = safeLogger(settings.logger);
    const { config, ignored } = withoutCredentials(settings.pool ?? {});
    if (ignored.length) {
      this.#logger.warn(`dynamic pg pool: ignoring ${ignored.join(', ')}; credentials come from ${this.#description}`);
    }
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
    this.#leases = new LeaseRotation({
      source: settings.source,
      config,
      rotateBeforeMs: settings.rotateBeforeMs,
      logger: this.#logger,
      events: {
        connect: (client) => this.emit('connect', client),
        acquire: (client) => this.emit('acquire', client),
        release: (error, client) => this.emit('release', error, client),
        remove: (client) => this.emit('remove', client),
        error: (error, client, generation) => this.#idleClientError(error, client, generation),
      },
      onRotate: (oldLeaseId, newLeaseId) => this.#emitSafely('rotate', oldLeaseId, newLeaseId),
    });
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
    return this.#leases.current?.lease.info();
  }

  /** Replaces the credentials now (joining a rotation already under way) and returns the new lease. */
  async rotate(): Promise<PgLeaseInfo> {
    if (this.ending) throw poolEndedError();
    const generation = await this.#leases.rotate('requested by the application');
    return generation.lease.info();
  }

  // The signatures of pg.Pool, `any` defaults included, so a DynamicPgPool is assignable wherever a pg.Pool is typed.
  /* eslint-disable @typescript-eslint/no-explicit-any */
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
  /* eslint-enable @typescript-eslint/no-explicit-any */
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
    this.#leases.stop();
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
    const current = this.#leases.current;
    if (current?.isUsable()) return this.#connectTo(current, callback);
    this.#leases.usable().then(
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
            this.#description,
            `PostgreSQL refused the credentials from ${this.#description} (user ${generation.lease.username}) ` +
              `right after replacing refused ones: ${describeCause(error)}`,
            { cause: error },
          ),
        );
      }
      this.#leases.replaceRefused(generation, error).then(
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

  async #shutdown(): Promise<void> {
    // Requests made before end() are still served: wait until each has its client (or its error).
    if (this.#checkoutsInFlight > 0) await new Promise<void>((resolve) => (this.#onCheckoutsSettled = resolve));
    this.#onCheckoutsSettled = undefined;
    await this.#leases.retireAll();
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
    for (const generation of this.#leases.generations) total += count(generation.pool);
    return total;
  }
}
