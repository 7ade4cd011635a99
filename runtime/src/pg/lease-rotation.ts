import type pg from 'pg';
import { ExponentialBackoff, unrefTimer } from '../backoff.js';
import { LeaseWatcher, type RotateEvent } from '../lifetime.js';
import type { SafeLogger } from '../logger.js';
import type { PgCredentialSource, PgCredentials } from './credentials.js';
import { DynamicPgPoolError, describeCause, poolEndedError } from './errors.js';
import type { LeaseClock } from './lease-clock.js';
import { loadPgPool } from './load-pg.js';
import { PoolGeneration, type GenerationEvents } from './pool-generation.js';

export interface LeaseRotationOptions {
  source: PgCredentialSource;
  /** pg.Pool options without credentials. */
  config: pg.PoolConfig;
  rotateBeforeMs?: number;
  logger: SafeLogger;
  events: GenerationEvents;
  /** A lease was replaced (also when the previous one had already ended). */
  onRotate(oldLeaseId: string, newLeaseId: string): void;
}

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
 * The succession of leases behind a dynamic pool, one PoolGeneration (lease + pg.Pool) each. The current lease is
 * renewed on the shared LeaseWatcher schedule and replaced before it ends, one rotation at a time; a replaced
 * generation is drained, then its lease revoked. When no replacement comes, the current one is used until its lease
 * ends, and never after.
 */
export class LeaseRotation {
  readonly #options: LeaseRotationOptions;
  readonly #logger: SafeLogger;
  readonly #retryBackoff = new ExponentialBackoff(ACQUIRE_BACKOFF);
  /** Every generation whose pool is not yet ended, the current one included. */
  readonly generations = new Set<PoolGeneration>();
  readonly #retirements = new Set<Promise<void>>();
  #current?: PoolGeneration;
  #watcher?: LeaseWatcher;
  #rotation?: Promise<PoolGeneration>;
  #lastLeaseId?: string;
  /** The lease that ended without a replacement, while there is none. */
  #expiredLease?: LeaseClock;
  #lastFailure?: { error: unknown; at: number };
  #retry?: NodeJS.Timeout;
  #stopped = false;

  constructor(options: LeaseRotationOptions) {
    this.#options = options;
    this.#logger = options.logger;
  }

  /** The generation serving new work, if any. */
  get current(): PoolGeneration | undefined {
    return this.#current;
  }

  get #description(): string {
    return this.#options.source.description;
  }

  /** A generation within its lease: the current one, else fresh credentials (first use, or after one ended). */
  async usable(): Promise<PoolGeneration> {
    const current = this.#current;
    if (current?.isUsable()) return current;
    if (current) this.#expire(current, 'its lease ended'); // the expiry alarm may not have fired yet
    if (!this.#rotation && this.#lastFailure && Date.now() - this.#lastFailure.at < MIN_ACQUIRE_INTERVAL_MS) {
      throw this.#unavailable(this.#lastFailure.error);
    }
    let generation: PoolGeneration;
    try {
      generation = await this.rotate(this.#lastLeaseId ? 'the previous lease ended' : 'first use');
    } catch (error) {
      throw this.#unavailable(error);
    }
    if (generation.isUsable()) return generation;
    if (this.#current?.isUsable()) return this.#current;
    throw this.#unavailable(new Error('the new lease had already ended'));
  }

  /** PostgreSQL refused `generation`'s credentials: replace them once, however many connects saw the refusal. */
  async replaceRefused(generation: PoolGeneration, refusal: unknown): Promise<PoolGeneration> {
    if (this.#current !== generation) return this.usable();
    if (!this.#rotation) {
      this.#logger.warn(
        `PostgreSQL refused user ${generation.lease.username} of lease ${generation.lease.leaseId} ` +
          `(${describeCause(refusal)}); fetching new credentials from ${this.#description}`,
      );
    }
    try {
      return await this.rotate('PostgreSQL refused the current credentials');
    } catch (error) {
      throw new DynamicPgPoolError(
        'credentials-unavailable',
        this.#description,
        `PostgreSQL refused user ${generation.lease.username} and no new credentials could be obtained from ` +
          `${this.#description}: ${describeCause(error)}`,
        { cause: error },
      );
    }
  }

  /** One rotation at a time: every caller that needs new credentials while one is under way shares it. */
  rotate(reason: string): Promise<PoolGeneration> {
    if (!this.#rotation) {
      const rotation = this.#replaceGeneration(reason).finally(() => {
        if (this.#rotation === rotation) this.#rotation = undefined;
      });
      this.#rotation = rotation;
    }
    return this.#rotation;
  }

  /** No more renewals, retries or rotations (a rotation under way revokes what it obtains). */
  stop(): void {
    this.#stopped = true;
    this.#watcher?.stop();
    this.#cancelRetry();
  }

  /** After stop(): drains and ends every pool, and revokes every lease. */
  async retireAll(): Promise<void> {
    await this.#rotation?.catch(() => undefined);
    this.#current = undefined;
    for (const generation of this.generations) this.#retire(generation);
    while (this.#retirements.size) await Promise.all(this.#retirements);
  }

  #unavailable(error: unknown): Error {
    if (error instanceof DynamicPgPoolError || this.#stopped) return error as Error;
    const expired = this.#expiredLease;
    if (expired) {
      return new DynamicPgPoolError(
        'credentials-expired',
        this.#description,
        `database credentials from ${this.#description} (user ${expired.username}) expired at ` +
          `${new Date(expired.expiresAt).toISOString()} and no new ones could be obtained: ${describeCause(error)}`,
        { cause: error },
      );
    }
    return new DynamicPgPoolError(
      'credentials-unavailable',
      this.#description,
      `could not obtain database credentials from ${this.#description}: ${describeCause(error)}`,
      { cause: error },
    );
  }

  async #replaceGeneration(reason: string): Promise<PoolGeneration> {
    if (this.#stopped) throw poolEndedError();
    const Pool = await loadPgPool();
    const requestedAt = Date.now();
    let credentials: PgCredentials;
    try {
      credentials = await this.#options.source.acquire();
    } catch (error) {
      this.#lastFailure = { error, at: Date.now() };
      throw error;
    }
    if (this.#stopped) {
      await this.#revoke(credentials.leaseId);
      throw poolEndedError();
    }
    const leaseMs = credentials.leaseDurationSec * 1000;
    const rotateBeforeMs = this.#rotateBeforeFor(leaseMs) ?? MAX_DEFAULT_GRACE * leaseMs;
    const generation = new PoolGeneration(Pool, credentials, requestedAt, this.#options.config, rotateBeforeMs, this.#options.events);
    const previous = this.#current;
    const previousLeaseId = this.#lastLeaseId;
    this.#current = generation;
    this.generations.add(generation);
    this.#lastLeaseId = generation.lease.leaseId;
    this.#expiredLease = undefined;
    this.#lastFailure = undefined;
    this.#cancelRetry();
    this.#retryBackoff.reset();
    this.#watcher?.stop();
    this.#watcher = this.#watch(generation);
    if (previous) this.#retire(previous);
    this.#logger.info(
      `database credentials from ${this.#description}: user ${generation.lease.username}, lease ` +
        `${generation.lease.leaseId} (${credentials.leaseDurationSec}s)` +
        (previousLeaseId ? ` replaces ${previousLeaseId}: ${reason}` : ''),
    );
    if (previousLeaseId) this.#options.onRotate(previousLeaseId, generation.lease.leaseId);
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
        const renewal = await this.#options.source.renew(leaseId, incrementSec ?? durationSec);
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
    if (this.#stopped) return;
    this.rotate(reason).catch((error: unknown) => {
      if (this.#stopped || this.#retry) return;
      const current = this.#current;
      let delay = this.#retryBackoff.next();
      // Retry at least once more before the current lease ends.
      if (current) delay = Math.min(delay, Math.max(ACQUIRE_BACKOFF.initialMs, current.lease.remainingMs() / 2));
      this.#logger.warn(
        `could not obtain new database credentials from ${this.#description} (${reason}): ` +
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
      `database credentials from ${this.#description} (user ${generation.lease.username}) are no longer ` +
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
        this.generations.delete(generation);
        this.#retirements.delete(retirement);
      });
    this.#retirements.add(retirement);
  }

  async #revoke(leaseId: string): Promise<void> {
    try {
      await this.#options.source.revoke(leaseId);
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
    const wanted = this.#options.rotateBeforeMs;
    return wanted === undefined ? undefined : Math.min(wanted, leaseMs / 4);
  }
}
