// How long things live in the demo. Production would use a 1-hour database role (default_ttl 1h, max_ttl 24h);
// the demo shortens it so a credential rotation happens while you watch.
export interface DemoTimings {
  /** Database role: lease of each credential, and the most it can be renewed to before a new one is needed. */
  dbDefaultTtl: number;
  dbMaxTtl: number;
  /** The AppRole token the migrated server logs in with. */
  tokenTtl: number;
  tokenMaxTtl: number;
  /** How long Vault stays sealed in the outage step: shorter than a database lease. */
  outageMs: number;
  /** How often the demo calls a tool while it waits for a rotation or rides out the outage. */
  pollMs: number;
}

export const DEMO_TIMINGS: DemoTimings = {
  dbDefaultTtl: 8,
  dbMaxTtl: 16,
  tokenTtl: 120,
  tokenMaxTtl: 600,
  outageMs: 3_000,
  pollMs: 400,
};

/** Vault's duration syntax for a number of seconds. */
export function seconds(value: number): string {
  return `${value}s`;
}
