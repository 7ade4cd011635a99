/**
 * Where a dynamic pool gets its database credentials. The Vault implementation reads `<mount>/creds/<role>`; the
 * pool itself only needs these three operations, which keeps it testable against any lease-issuing source.
 */
export interface PgCredentials {
  /** Identifies the lease for renewal and revocation (Vault: `database/creds/<role>/<id>`). Not a secret. */
  leaseId: string;
  /** The PostgreSQL role created for this lease. Not a secret. */
  username: string;
  password: string;
  /** Seconds the credentials stay valid from the moment they were issued. */
  leaseDurationSec: number;
  renewable: boolean;
}

export interface PgLeaseRenewal {
  /** Seconds the lease stays valid, counted from the renewal. Shrinks once the max TTL caps it. */
  leaseDurationSec: number;
  renewable: boolean;
  warnings?: readonly string[];
}

export interface PgCredentialSource {
  /** What the credentials are, for logs and errors (e.g. `database/creds/mcp-app`). Never a secret. */
  readonly description: string;
  acquire(): Promise<PgCredentials>;
  renew(leaseId: string, incrementSec: number): Promise<PgLeaseRenewal>;
  revoke(leaseId: string): Promise<void>;
}

/** Public view of the lease a pool currently uses: everything except the password. */
export interface PgLeaseInfo {
  leaseId: string;
  username: string;
  renewable: boolean;
  /** Duration granted by the last issue or renewal, in seconds. */
  leaseDurationSec: number;
  issuedAt: Date;
  /** When the credentials stop working for new connections. */
  expiresAt: Date;
}
