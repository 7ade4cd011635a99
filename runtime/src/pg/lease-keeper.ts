import type { PgLeaseRenewal } from './credentials.js';
import { describeCause } from './errors.js';
import type { LeaseState } from './lease-state.js';
import { RENEWAL_BACKOFF, backoffMs, renewDelayMs } from './lease-timing.js';
import type { PoolLogger } from './logger.js';
import { alarmAt, type Alarm } from './timers.js';

export interface LeaseKeeperHooks {
  renew(leaseId: string, incrementSec: number): Promise<PgLeaseRenewal>;
  /** The credentials should be replaced now: the lease is within its grace period and cannot be extended. */
  replace(reason: string): void;
  /** The lease ended before it was replaced. */
  expired(): void;
  logger: PoolLogger;
}

/**
 * Keeps one lease alive: renews it on the LifetimeWatcher schedule, asks for a replacement once renewing no longer
 * helps (max TTL reached, not renewable, refused, or failing into the grace period), and reports the lease end.
 */
export class LeaseKeeper {
  readonly #lease: LeaseState;
  readonly #hooks: LeaseKeeperHooks;
  readonly #graceMs: number;
  readonly #incrementSec: number;
  #next?: Alarm;
  #expiry?: Alarm;
  #failures = 0;
  #replacing = false;
  #stopped = false;

  constructor(lease: LeaseState, graceMs: number, hooks: LeaseKeeperHooks) {
    this.#lease = lease;
    this.#graceMs = graceMs;
    this.#hooks = hooks;
    // Ask for the duration the lease was issued with, as Vault Agent does; Vault caps it at the max TTL.
    this.#incrementSec = Math.max(1, Math.round(lease.durationMs / 1000));
  }

  start(): void {
    this.#armExpiry();
    this.#plan();
  }

  stop(): void {
    this.#stopped = true;
    this.#next?.cancel();
    this.#expiry?.cancel();
  }

  #plan(): void {
    if (this.#stopped || this.#replacing) return;
    const remaining = this.#lease.remainingMs();
    if (remaining <= this.#graceMs) {
      this.#replace('the lease is within its grace period and can no longer be extended (max TTL)');
    } else if (!this.#lease.renewable) {
      this.#next = alarmAt(this.#lease.expiresAt - this.#graceMs, () => this.#replace('the lease is not renewable'));
    } else {
      this.#next = alarmAt(Date.now() + renewDelayMs(remaining, this.#graceMs), () => void this.#renew());
    }
  }

  async #renew(): Promise<void> {
    const { leaseId } = this.#lease;
    const requestedAt = Date.now();
    let renewal: PgLeaseRenewal;
    try {
      renewal = await this.#hooks.renew(leaseId, this.#incrementSec);
    } catch (error) {
      if (!this.#stopped) this.#renewalFailed(error);
      return;
    }
    if (this.#stopped) return;
    this.#failures = 0;
    this.#lease.renewed(requestedAt, renewal.leaseDurationSec, renewal.renewable);
    this.#hooks.logger.debug?.(`renewed database lease ${leaseId} for ${renewal.leaseDurationSec}s`);
    this.#armExpiry();
    this.#plan();
  }

  #renewalFailed(error: unknown): void {
    const { leaseId } = this.#lease;
    // 4xx from sys/leases/renew (lease not found, expired, past the max TTL, not renewable): retrying cannot help.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429 && status !== 403) {
      this.#replace(`Vault refused to renew lease ${leaseId}: ${describeCause(error)}`);
      return;
    }
    this.#failures++;
    const untilGrace = this.#lease.remainingMs() - this.#graceMs;
    if (untilGrace <= 0) {
      this.#replace(`renewing lease ${leaseId} kept failing: ${describeCause(error)}`);
      return;
    }
    const delay = Math.min(backoffMs(this.#failures, RENEWAL_BACKOFF), untilGrace);
    this.#hooks.logger.warn(
      `could not renew database lease ${leaseId} (attempt ${this.#failures}): ${describeCause(error)}; ` +
        `retrying in ${Math.round(delay / 100) / 10}s`,
    );
    this.#next = alarmAt(Date.now() + delay, () => void this.#renew());
  }

  #replace(reason: string): void {
    if (this.#replacing || this.#stopped) return;
    this.#replacing = true;
    this.#next?.cancel();
    this.#hooks.replace(reason);
  }

  #armExpiry(): void {
    this.#expiry?.cancel();
    this.#expiry = alarmAt(this.#lease.expiresAt, () => {
      if (!this.#stopped) this.#hooks.expired();
    });
  }
}
