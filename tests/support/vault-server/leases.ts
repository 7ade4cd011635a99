/**
 * The expiration manager for leased secrets: registration (lease id "<path>/<24 base62>", with ".<ns id>" outside
 * the root namespace), renewal with Vault's errors and max-TTL capping, revocation, and expiry timers that revoke.
 * Revocation runs the backend's statements (the database engine drops the PostgreSQL role).
 */
import { badRequest } from './envelope.js';
import { base62, withNamespace } from './ids.js';
import { Namespace, type MountEntry } from './namespace.js';
import { calculateTtl } from './ttl.js';
import type { TimerSet } from './timers.js';
import type { SecretGrant } from './backend.js';

export interface Lease {
  id: string;
  namespace: Namespace;
  /** The request path that created it, e.g. "database/creds/readonly". */
  path: string;
  mount: MountEntry;
  /** The token that created it: revoking that token revokes the lease. */
  tokenId: string;
  issueTime: number;
  expireTime: number;
  lastRenewalTime: number | null;
  renewable: boolean;
  ttl: number;
  internal: Record<string, unknown>;
}

const REVOKE_RETRY_DELAYS_MS = [500, 1000, 2000];

export class LeaseManager {
  private readonly leases = new Map<string, Lease>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly timers: TimerSet) {}

  /** The TTL a new secret from this mount gets (the backend needs it before registration, e.g. for VALID UNTIL). */
  static initialTtl(mount: MountEntry, grant: { ttl: number; maxTtl: number }): { ttl: number; warnings: string[] } {
    const { defaultTtl, maxTtl } = Namespace.ttls(mount);
    return calculateTtl({
      increment: 0,
      backendTtl: grant.ttl,
      period: 0,
      backendMaxTtl: grant.maxTtl,
      explicitMaxTtl: 0,
      mountDefaultTtl: defaultTtl,
      mountMaxTtl: maxTtl,
    });
  }

  register(namespace: Namespace, path: string, mount: MountEntry, tokenId: string, grant: SecretGrant): { lease: Lease; warnings: string[] } {
    const { ttl, warnings } = LeaseManager.initialTtl(mount, grant);
    const now = Date.now();
    const lease: Lease = {
      id: withNamespace(`${path}/${base62(24)}`, namespace.id),
      namespace,
      path,
      mount,
      tokenId,
      issueTime: now,
      expireTime: now + ttl * 1000,
      lastRenewalTime: null,
      renewable: grant.renewable,
      ttl,
      internal: grant.internal,
    };
    this.leases.set(lease.id, lease);
    this.schedule(lease);
    return { lease, warnings };
  }

  get(id: string): Lease | undefined {
    return this.leases.get(id);
  }

  all(): Lease[] {
    return [...this.leases.values()];
  }

  /** sys/leases/renew: the increment counts from now, capped at issue time + the effective max TTL. */
  async renew(id: string, increment: number, namespace: Namespace): Promise<{ lease: Lease; warnings: string[] }> {
    const lease = this.leases.get(id);
    if (!lease || lease.namespace !== namespace) throw badRequest('lease not found');
    const now = Date.now();
    if (lease.expireTime <= now) throw badRequest('lease expired');
    if (!lease.renewable) throw badRequest('lease is not renewable');
    const backend = lease.mount.backend;
    const settings = backend.secretSettings?.(lease) ?? { ttl: lease.ttl, maxTtl: 0 };
    const { defaultTtl, maxTtl } = Namespace.ttls(lease.mount);
    const { ttl, warnings } = calculateTtl({
      increment,
      backendTtl: settings.ttl,
      period: 0,
      backendMaxTtl: settings.maxTtl,
      explicitMaxTtl: 0,
      startTimeMs: lease.issueTime,
      mountDefaultTtl: defaultTtl,
      mountMaxTtl: maxTtl,
      nowMs: now,
    });
    await backend.renewSecret?.(lease, ttl);
    lease.ttl = ttl;
    lease.expireTime = Date.now() + ttl * 1000;
    lease.lastRenewalTime = Date.now();
    this.schedule(lease);
    return { lease, warnings };
  }

  /** Revokes now and waits (sys/leases/revoke, the revokeLease fault). Unknown ids are fine, as in Vault. */
  async revoke(id: string): Promise<void> {
    const lease = this.leases.get(id);
    if (!lease) return;
    await this.revokeLease(lease, false);
  }

  /** Revokes in the background, retrying a few times (expiry, token revocation). */
  revokeLater(lease: Lease): void {
    const job = this.revokeLease(lease, true).catch(() => {});
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  revokeByToken(tokenId: string): void {
    for (const lease of this.leases.values()) if (lease.tokenId === tokenId) this.revokeLater(lease);
  }

  /** Revokes every outstanding lease and waits for all revocations (used by close()). */
  async revokeAll(): Promise<void> {
    this.closed = true;
    const jobs = [...this.leases.values()].map((lease) => this.revokeLease(lease, false).catch(() => {}));
    await Promise.all([...jobs, ...this.pending]);
  }

  private readonly inflight = new Map<string, Promise<void>>();

  /** One revocation per lease at a time: concurrent callers share it. */
  private revokeLease(lease: Lease, retry: boolean): Promise<void> {
    const running = this.inflight.get(lease.id);
    if (running) return running;
    const job = this.runRevocation(lease, retry).finally(() => this.inflight.delete(lease.id));
    this.inflight.set(lease.id, job);
    return job;
  }

  private async runRevocation(lease: Lease, retry: boolean): Promise<void> {
    this.timers.cancel(lease);
    const backend = lease.mount.backend;
    for (let attempt = 0; ; attempt++) {
      try {
        await backend.revokeSecret?.(lease);
        break;
      } catch (error) {
        if (!retry || this.closed || attempt >= REVOKE_RETRY_DELAYS_MS.length) {
          // Vault keeps such a lease as "irrevocable"; here it is simply forgotten.
          this.leases.delete(lease.id);
          throw error;
        }
        await new Promise<void>((resolve) => setTimeout(resolve, REVOKE_RETRY_DELAYS_MS[attempt]).unref());
      }
    }
    this.leases.delete(lease.id);
  }

  private schedule(lease: Lease): void {
    this.timers.schedule(
      lease.expireTime,
      () => {
        if (this.leases.get(lease.id) === lease) this.revokeLater(lease);
      },
      lease,
    );
  }
}
