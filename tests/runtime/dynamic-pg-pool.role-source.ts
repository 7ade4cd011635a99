// A credential source for testing the pool core without Vault: it creates real PostgreSQL roles the way Vault's
// database engine does (CREATE ROLE ... VALID UNTIL, ALTER ROLE on renewal with a max TTL, DROP ROLE on revocation),
// so every expiry and refusal the pool sees comes from a real PostgreSQL with scram-sha-256.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { VaultError } from '../../runtime/src/errors.js';
import type { PgCredentialSource, PgCredentials, PgLeaseRenewal } from '../../runtime/src/pg/credentials.js';
import type { TestPostgres } from '../support/postgres.js';

export const ROLE_PREFIX = 'v-core-';

interface Lease {
  username: string;
  issuedAt: number;
}

export interface RoleSourceOptions {
  ttlSec: number;
  maxTtlSec: number;
  renewable?: boolean;
  /** Group role every issued role joins (privileges for the tests). */
  group: string;
}

export class RoleCredentialSource implements PgCredentialSource {
  readonly description = 'database/creds/core-test';
  readonly issued: PgCredentials[] = [];
  readonly revoked: string[] = [];
  renewals = 0;
  acquireFailures = 0;
  /** While set, acquire() fails as an unreachable Vault would. */
  unavailable = false;
  /** While set, acquire() hands out a password PostgreSQL will refuse. */
  wrongPassword = false;
  readonly #admin: pg.Pool;
  readonly #leases = new Map<string, Lease>();

  constructor(
    pgServer: TestPostgres,
    private readonly options: RoleSourceOptions,
  ) {
    this.#admin = new pg.Pool({ connectionString: pgServer.url, max: 2 });
    // pg-pool's end() resolves before its sockets have closed; PostgreSQL stopping right after may still reach one.
    this.#admin.on('error', () => undefined);
  }

  async acquire(): Promise<PgCredentials> {
    if (this.unavailable) {
      this.acquireFailures++;
      throw new VaultError('Vault GET database/creds/core-test failed: connection refused');
    }
    const username = `${ROLE_PREFIX}${randomBytes(6).toString('hex')}-${Date.now()}`;
    const password = randomBytes(15).toString('base64url');
    const issuedAt = Date.now();
    const validUntil = new Date(issuedAt + this.options.ttlSec * 1000).toISOString();
    await this.#admin.query(
      `CREATE ROLE "${username}" WITH LOGIN PASSWORD '${password}' VALID UNTIL '${validUntil}' IN ROLE "${this.options.group}"`,
    );
    const leaseId = `database/creds/core-test/${randomBytes(12).toString('hex')}`;
    this.#leases.set(leaseId, { username, issuedAt });
    const credentials: PgCredentials = {
      leaseId,
      username,
      password: this.wrongPassword ? `${password}-not` : password,
      leaseDurationSec: this.options.ttlSec,
      renewable: this.options.renewable ?? true,
    };
    this.issued.push(credentials);
    return credentials;
  }

  async renew(leaseId: string, incrementSec: number): Promise<PgLeaseRenewal> {
    const lease = this.#leases.get(leaseId);
    if (!lease) throw new VaultError('lease not found', { status: 400, errors: ['lease not found'] });
    const now = Date.now();
    const maxEnd = lease.issuedAt + this.options.maxTtlSec * 1000;
    const end = Math.min(now + incrementSec * 1000, maxEnd);
    const durationSec = Math.floor((end - now) / 1000);
    if (durationSec <= 0) throw new VaultError('past the max TTL', { status: 400, errors: ['past the max TTL, cannot renew'] });
    await this.#admin.query(`ALTER ROLE "${lease.username}" VALID UNTIL '${new Date(now + durationSec * 1000).toISOString()}'`);
    this.renewals++;
    const capped = durationSec < incrementSec;
    return { leaseDurationSec: durationSec, renewable: true, warnings: capped ? ['TTL value is capped accordingly'] : [] };
  }

  async revoke(leaseId: string): Promise<void> {
    const lease = this.#leases.get(leaseId);
    this.revoked.push(leaseId);
    if (!lease) return;
    this.#leases.delete(leaseId);
    await this.#admin.query(`DROP ROLE IF EXISTS "${lease.username}"`);
  }

  /** What an operator (or Vault's own revocation) does behind the pool's back: drop the role and its sessions. */
  async revokeBehindBack(leaseId: string): Promise<void> {
    const lease = this.#leases.get(leaseId);
    if (!lease) throw new Error(`no lease ${leaseId}`);
    this.#leases.delete(leaseId);
    await this.#admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [lease.username]);
    await this.#admin.query(`DROP ROLE IF EXISTS "${lease.username}"`);
  }

  /** Roles this source created that still exist. */
  async liveRoles(): Promise<string[]> {
    const { rows } = await this.#admin.query<{ rolname: string }>(
      'SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1) ORDER BY rolname',
      [ROLE_PREFIX],
    );
    return rows.map((row) => row.rolname);
  }

  /** Users of this source's roles with a session open right now. */
  async sessionUsers(): Promise<string[]> {
    const { rows } = await this.#admin.query<{ usename: string }>(
      'SELECT DISTINCT usename FROM pg_stat_activity WHERE starts_with(usename, $1)',
      [ROLE_PREFIX],
    );
    return rows.map((row) => row.usename);
  }

  admin(): pg.Pool {
    return this.#admin;
  }

  async close(): Promise<void> {
    for (const leaseId of [...this.#leases.keys()]) await this.revoke(leaseId);
    await this.#admin.end();
  }
}

/** Polls until `check` holds (tests wait for background work this way, never with fixed sleeps). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
