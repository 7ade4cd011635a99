// TODO(runtime core): merge into the shared lease-timing module of runtime/src (lifetime.ts) once it exists, and
// import from there; these are the same rules, kept here only so the pool could be built in parallel with it.
//
// Timing after Vault's LifetimeWatcher (api/lifetime_watcher.go), facts from shared/design/vault-api.md:
// grace = 0.1·L + random(0..0.1·L); renew after 2/3 of the remaining lease + grace/3; replace the secret once the
// remaining lease is within the grace; on errors back off exponentially (x2, capped), never past the lease end.

export type Random = () => number;

/** Time before the lease end at which credentials are replaced: 10-20 % of the lease, jittered per lease. */
export function leaseGraceMs(leaseMs: number, random: Random = Math.random): number {
  return 0.1 * leaseMs + random() * 0.1 * leaseMs;
}

/** When to renew: 2/3 of the remaining lease plus a third of the grace, but never later than the grace point. */
export function renewDelayMs(remainingMs: number, graceMs: number): number {
  return Math.max(0, Math.min((remainingMs * 2) / 3 + graceMs / 3, remainingMs - graceMs));
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** Vault's renewal backoff: from 10 s, doubling, at most 5 minutes. */
export const RENEWAL_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 5 * 60_000 };
/** Fetching new credentials: Vault Agent's auth backoff, from 1 s doubling to 5 minutes. */
export const ACQUIRE_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 5 * 60_000 };

/** Exponential backoff with "equal jitter": between half and all of the doubled delay, so retries spread out. */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: Random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
