import type { PgCredentials, PgLeaseInfo } from './credentials.js';

/**
 * When one lease was issued and when it ends, as last granted by an issue or renewal. Holds no password, so it is
 * safe to log or inspect.
 */
export class LeaseClock {
  readonly leaseId: string;
  readonly username: string;
  readonly issuedAt: number;
  renewable: boolean;
  durationSec: number;
  expiresAt: number;

  /** `requestedAt` is when the credentials were requested: Vault's clock for them started no earlier. */
  constructor(credentials: PgCredentials, requestedAt: number) {
    this.leaseId = credentials.leaseId;
    this.username = credentials.username;
    this.issuedAt = requestedAt;
    this.renewable = credentials.renewable;
    this.durationSec = credentials.leaseDurationSec;
    this.expiresAt = requestedAt + credentials.leaseDurationSec * 1000;
  }

  remainingMs(now = Date.now()): number {
    return this.expiresAt - now;
  }

  renewed(durationSec: number, renewable: boolean, expiresAt: number): void {
    this.durationSec = durationSec;
    this.renewable = renewable;
    this.expiresAt = expiresAt;
  }

  info(): PgLeaseInfo {
    return {
      leaseId: this.leaseId,
      username: this.username,
      renewable: this.renewable,
      leaseDurationSec: this.durationSec,
      issuedAt: new Date(this.issuedAt),
      expiresAt: new Date(this.expiresAt),
    };
  }
}
