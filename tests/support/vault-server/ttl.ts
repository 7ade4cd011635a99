/**
 * The lease TTL arithmetic of Vault's sdk/framework CalculateTTL, in whole seconds.
 *
 * A renewal gets the increment (else the backend's TTL, else the mount default), capped so the lease never runs
 * past issue time + the effective max TTL (mount max, narrowed by the backend's and the explicit max). Capping adds
 * Vault's warning; a lease already at its max cannot be renewed.
 */
import { badRequest } from './envelope.js';
import { humanDuration } from './durations.js';

export interface TtlInputs {
  increment: number;
  backendTtl: number;
  period: number;
  backendMaxTtl: number;
  explicitMaxTtl: number;
  /** Issue time of the lease in ms; undefined for a new lease (issued now). */
  startTimeMs?: number;
  mountDefaultTtl: number;
  mountMaxTtl: number;
  nowMs?: number;
}

export const PAST_MAX_TTL = 'past the max TTL, cannot renew';

export function calculateTtl(inputs: TtlInputs): { ttl: number; warnings: string[] } {
  // Vault truncates both instants to the second before comparing them.
  const now = Math.floor((inputs.nowMs ?? Date.now()) / 1000);
  const start = inputs.startTimeMs === undefined ? now : Math.floor(inputs.startTimeMs / 1000);
  const warnings: string[] = [];

  let maxTtl = inputs.mountMaxTtl;
  if (inputs.backendMaxTtl > 0 && inputs.backendMaxTtl < maxTtl) maxTtl = inputs.backendMaxTtl;
  if (inputs.explicitMaxTtl > 0 && inputs.explicitMaxTtl < maxTtl) maxTtl = inputs.explicitMaxTtl;
  if (maxTtl <= 0) throw badRequest('max TTL must be greater than zero');

  let ttl: number;
  let maxValidTime: number | undefined;
  if (inputs.period > 0) {
    let period = inputs.period;
    if (period > maxTtl) {
      warnings.push(
        `period of "${humanDuration(period)}" exceeded the effective max_ttl of "${humanDuration(maxTtl)}"; period value is capped accordingly`,
      );
      period = maxTtl;
    }
    ttl = period;
    if (inputs.explicitMaxTtl > 0) maxValidTime = start + inputs.explicitMaxTtl;
  } else {
    if (inputs.increment > 0) ttl = inputs.increment;
    else if (inputs.backendTtl > 0) ttl = inputs.backendTtl;
    else ttl = inputs.mountDefaultTtl;
    maxValidTime = start + maxTtl;
  }

  if (maxValidTime !== undefined) {
    const maxValidTtl = maxValidTime - now;
    if (maxValidTtl <= 0) throw badRequest(PAST_MAX_TTL);
    if (maxValidTtl - ttl < 0) {
      warnings.push(
        `TTL of "${humanDuration(ttl)}" exceeded the effective max_ttl of "${humanDuration(maxValidTtl)}"; TTL value is capped accordingly`,
      );
      ttl = maxValidTtl;
    }
  }
  return { ttl, warnings };
}
