import { EventEmitter } from 'node:events';
import { ExponentialBackoff, unrefTimer } from './backoff.js';
import { VaultError, VaultUnavailableError } from './errors.js';
import { safeLogger, type Logger, type SafeLogger } from './logger.js';

// Lease and token lifetime timing after Vault's api/lifetime_watcher.go (facts, not code):
// - grace = 10% of L plus a random 0-10% of L, with L = min(lease, increment) (so instances do not renew in step);
// - sleep 2/3 of the remaining lease plus grace/3, then renew;
// - "done, fetch a new one" once the remaining lease is within grace (the max TTL has been reached);
// - renewal errors back off exponentially from 10 s (x2, at most 5 min), never past the lease end.
// Differences: a capped or shrinking lease stops renewals at once (it cannot grow again) and schedules the rotation;
// and a retry that would land inside the grace window rotates instead, so the replacement is fetched before expiry.

export interface LeaseState {
  /** Seconds Vault granted (`lease_duration`, or `auth.lease_duration` for a token). 0 = does not expire. */
  leaseDurationSec: number;
  renewable: boolean;
  warnings?: string[] | null;
}

export interface RenewContext {
  timeoutMs: number;
}

export type RotateReason = 'max-ttl' | 'not-renewable' | 'renewal-failed' | 'expiring';

export interface RotateEvent {
  reason: RotateReason;
  /** When the current lease ends (epoch ms): the replacement must be in place before then. */
  expiresAt: number;
  /** The last renewal error, for reason 'renewal-failed'. */
  error?: unknown;
}

export interface RenewedEvent extends LeaseState {
  expiresAt: number;
  capped: boolean;
}

export interface LeaseWatcherOptions {
  /** The lease as issued (or as last renewed). */
  lease: LeaseState;
  /**
   * Renews the lease (sys/leases/renew, auth/token/renew-self). Absent: watch only and signal rotation.
   * `timeoutMs` is how long the attempt may take before the rotation point; pass it on as the request budget so a
   * slow or retrying renewal cannot run past the moment a replacement must be fetched.
   */
  renew?: (incrementSec: number | undefined, context: RenewContext) => Promise<LeaseState>;
  /** Requested TTL for each renewal, in seconds. Default: let Vault apply the role default. */
  incrementSec?: number;
  /** Signal "rotate" this long before the lease ends instead of the jittered grace period. */
  rotateBeforeMs?: number;
  /** First delay after a failed renewal. Default 10 s. */
  errorBackoffInitialMs?: number;
  /** Longest delay between failed renewals. Default 5 min. */
  errorBackoffMaxMs?: number;
  random?: () => number;
  logger?: Logger;
  /** Names the lease in log lines (never the secret): e.g. "token", "database/creds/app/AbC...". */
  name?: string;
  onRenewed?: (event: RenewedEvent) => void;
  onRotate?: (event: RotateEvent) => void;
  onError?: (error: unknown) => void;
  onExpired?: () => void;
}

const CAP_ROUNDING_MS = 1_000;

/** Grace period (ms) before the lease end: 10% of L plus up to another 10% at random. */
export function computeGraceMs(leaseMs: number, incrementMs: number | undefined, random: () => number = Math.random): number {
  let base = leaseMs;
  if (incrementMs !== undefined && incrementMs > 0 && incrementMs < base) base = incrementMs;
  if (base <= 0) return 0;
  return 0.1 * base + random() * 0.1 * base;
}

/** Delay (ms) before the next renewal: two thirds of what remains plus a third of the grace period. */
export function computeSleepMs(remainingMs: number, graceMs: number): number {
  return (remainingMs * 2) / 3 + graceMs / 3;
}

/** True when Vault will not extend the lease any further (max TTL reached). */
export function isCapped(state: LeaseState, previousLeaseSec: number, incrementSec?: number): boolean {
  if (state.warnings?.some((w) => /capped|max_ttl|max ttl/i.test(w))) return true;
  if (state.leaseDurationSec < previousLeaseSec) return true;
  return incrementSec !== undefined && incrementSec > 0 && state.leaseDurationSec < incrementSec;
}

/** A renewal failure that retrying cannot fix (lease gone, expired, past max TTL, token revoked, no permission). */
export function isPermanentRenewalError(error: unknown): boolean {
  if (!(error instanceof VaultError)) return false;
  if (error instanceof VaultUnavailableError) return false;
  return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429 && error.status !== 412;
}

/**
 * Keeps one lease (or token) alive: renews on schedule, and says when to fetch a replacement ("rotate") before it
 * ends. Events: 'renewed' (RenewedEvent), 'rotate' (RotateEvent, once), 'error' (each failed renewal; never thrown
 * when nobody listens), 'expired' (the lease end passed without stop()). Its timers never keep the process alive.
 */
export interface LeaseWatcherEvents {
  renewed: [RenewedEvent];
  rotate: [RotateEvent];
  error: [unknown];
  expired: [];
}

export class LeaseWatcher extends EventEmitter<LeaseWatcherEvents> {
  private readonly options: LeaseWatcherOptions;
  private readonly logger: SafeLogger;
  private readonly random: () => number;
  private readonly backoff: ExponentialBackoff;
  private timer: NodeJS.Timeout | undefined;
  private graceMs = 0;
  private priorRemainingMs = 0;
  private lastLeaseSec = 0;
  private renewable: boolean;
  private capped = false;
  private rotated = false;
  private stopped = false;
  private started = false;
  private _expiresAt = Infinity;

  constructor(options: LeaseWatcherOptions) {
    super({ captureRejections: true });
    this.options = options;
    this.logger = safeLogger(options.logger);
    this.random = options.random ?? Math.random;
    this.renewable = options.lease.renewable;
    this.backoff = new ExponentialBackoff({
      initialMs: options.errorBackoffInitialMs ?? 10_000,
      maxMs: options.errorBackoffMaxMs ?? 5 * 60_000,
      random: this.random,
    });
    if (options.onRenewed) this.on('renewed', options.onRenewed);
    if (options.onRotate) this.on('rotate', options.onRotate);
    if (options.onError) this.on('error', options.onError);
    if (options.onExpired) this.on('expired', options.onExpired);
  }

  /** Epoch ms at which the current lease ends (Infinity for a lease that does not expire). */
  get expiresAt(): number {
    return this._expiresAt;
  }

  /** Milliseconds left on the current lease. */
  remainingMs(): number {
    return Math.max(0, this._expiresAt - Date.now());
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): this {
    if (this.started || this.stopped) return this;
    this.started = true;
    const leaseSec = this.options.lease.leaseDurationSec;
    if (!(leaseSec > 0)) return this; // a lease without expiry needs no watching
    const leaseMs = leaseSec * 1000;
    this._expiresAt = Date.now() + leaseMs;
    this.priorRemainingMs = leaseMs;
    this.lastLeaseSec = leaseSec;
    this.graceMs = computeGraceMs(leaseMs, this.incrementMs(), this.random);
    this.plan(leaseMs);
    return this;
  }

  /** Stops renewing; no event is emitted afterwards. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Renew right away (e.g. after a long pause); the schedule continues from the answer. */
  renewNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.renewOnce();
  }

  private incrementMs(): number | undefined {
    return this.options.incrementSec === undefined ? undefined : this.options.incrementSec * 1000;
  }

  private marginMs(): number {
    return this.options.rotateBeforeMs ?? this.graceMs;
  }

  private plan(remainingMs: number): void {
    if (this.stopped || this.rotated) return;
    if (!this.options.renew || !this.renewable) return this.scheduleRotate('not-renewable');
    if (this.capped) return this.scheduleRotate('max-ttl');
    const sleepMs = computeSleepMs(remainingMs, this.graceMs);
    const margin = this.marginMs();
    if (remainingMs <= margin || remainingMs - sleepMs <= margin) return this.rotate('expiring');
    this.setTimer(() => void this.renewOnce(), sleepMs);
  }

  private scheduleRotate(reason: RotateReason): void {
    const at = this._expiresAt - this.marginMs();
    this.setTimer(() => this.rotate(reason), at - Date.now());
  }

  private async renewOnce(): Promise<void> {
    const renew = this.options.renew;
    if (!renew || this.stopped || this.rotated) return;
    let state: LeaseState;
    const timeoutMs = Math.max(250, this._expiresAt - this.marginMs() - Date.now());
    try {
      state = await renew(this.options.incrementSec, { timeoutMs });
    } catch (error) {
      if (!this.stopped && !this.rotated) this.onRenewalError(error);
      return;
    }
    if (this.stopped || this.rotated) return;
    this.backoff.reset();
    const capped = isCapped(state, this.lastLeaseSec, this.options.incrementSec);
    // Vault caps on whole seconds (it truncates both instants before subtracting), so a capped lease_duration can
    // overstate what is left by up to a second: plan the replacement as if that second were already gone.
    const leaseMs = Math.max(0, state.leaseDurationSec * 1000 - (capped ? CAP_ROUNDING_MS : 0));
    if (leaseMs > this.priorRemainingMs) this.graceMs = computeGraceMs(leaseMs, this.incrementMs(), this.random);
    this._expiresAt = Date.now() + leaseMs;
    this.priorRemainingMs = leaseMs;
    this.lastLeaseSec = state.leaseDurationSec;
    this.renewable = state.renewable;
    this.capped ||= capped;
    this.logger.debug(`${this.label()} renewed for ${state.leaseDurationSec}s${capped ? ' (capped by max TTL)' : ''}`);
    this.emitSafely('renewed', { ...state, expiresAt: this._expiresAt, capped: this.capped } satisfies RenewedEvent);
    this.plan(leaseMs);
  }

  private onRenewalError(error: unknown): void {
    this.reportError(error);
    if (isPermanentRenewalError(error)) return this.rotate('renewal-failed', error);
    const delay = this.backoff.next();
    if (Date.now() + delay >= this._expiresAt - this.marginMs()) return this.rotate('renewal-failed', error);
    this.logger.debug(`${this.label()} renewal retry in ${delay} ms`);
    this.setTimer(() => void this.renewOnce(), delay);
  }

  private rotate(reason: RotateReason, error?: unknown): void {
    if (this.stopped || this.rotated) return;
    this.rotated = true;
    if (this.timer) clearTimeout(this.timer);
    this.logger.debug(`${this.label()} needs replacing (${reason})`);
    const event: RotateEvent = { reason, expiresAt: this._expiresAt };
    if (error !== undefined) event.error = error;
    this.emitSafely('rotate', event);
    if (Number.isFinite(this._expiresAt) && !this.stopped) {
      this.setTimer(() => {
        if (!this.stopped) this.emitSafely('expired');
      }, this._expiresAt - Date.now());
    }
  }

  private setTimer(fn: () => void, ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = unrefTimer(fn, ms);
  }

  private label(): string {
    return this.options.name ?? 'lease';
  }

  private reportError(error: unknown): void {
    if (this.listenerCount('error') > 0) this.emitSafely('error', error);
    else this.logger.warn(`${this.label()} renewal failed: ${(error as Error)?.message ?? String(error)}`);
  }

  /** Listener exceptions and rejected async listeners go to the logger, never up into a timer callback. */
  private emitSafely<K extends keyof LeaseWatcherEvents>(event: K, ...args: LeaseWatcherEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: LeaseWatcherEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.logger.error(`${this.label()} '${event}' listener threw: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  override [EventEmitter.captureRejectionSymbol](err: Error, event: unknown, ..._args: unknown[]): void {
    this.logger.error(`${this.label()} '${String(event)}' listener rejected: ${err?.message ?? String(err)}`);
  }
}

/** Starts a LeaseWatcher for one lease. */
export function watchLease(options: LeaseWatcherOptions): LeaseWatcher {
  return new LeaseWatcher(options).start();
}
