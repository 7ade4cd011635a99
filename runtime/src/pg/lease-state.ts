import type { PgCredentials, PgLeaseInfo } from './credentials.js';

/**
 * The clock of one lease: when it was issued, how long the last issue or renewal granted, when it ends. Holds no
 * password, so it is safe to log or inspect.
 */
export class LeaseState {
  readonly leaseId: string;
  readonly username: string;
  readonly issuedAt: number;
  renewable: boolean;
  durationMs: number;
  expiresAt: number;

  /** `requestedAt` is when the request for the credentials was sent: Vault's clock started no earlier. */
  constructor(credentials: PgCredentials, requestedAt: number) {
    this.leaseId = credentials.leaseId;
    this.username = credentials.username;
    this.issuedAt = requestedAt;
    this.renewable = credentials.renewable;
    this.durationMs = credentials.leaseDurationSec * 1000;
    this.expiresAt = requestedAt + this.durationMs;
  }

  remainingMs(now = Date.now()): number {
    return this.expiresAt - now;
  }

  /** Records a renewal whose request was sent at `requestedAt`. */
  renewed(requestedAt: number, durationSec: number, renewable: boolean): void {
    this.durationMs = durationSec * 1000;
    this.expiresAt = requestedAt + this.durationMs;
    this.renewable = renewable;
  }

  info(): PgLeaseInfo {
    return {
      leaseId: this.leaseId,
      username: this.username,
      renewable: this.renewable,
      leaseDurationSec: this.durationMs / 1000,
      issuedAt: new Date(this.issuedAt),
      expiresAt: new Date(this.expiresAt),
    };
  }
}
