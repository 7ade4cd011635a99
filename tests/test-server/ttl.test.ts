/** The TTL arithmetic and duration formats behind Vault's renewal warnings (sdk/framework CalculateTTL). */
import { describe, expect, it } from 'vitest';
import { humanDuration, parseDurationSeconds } from '../support/vault-server/durations.js';
import { VaultError } from '../support/vault-server/envelope.js';
import { calculateTtl } from '../support/vault-server/ttl.js';

describe('durations', () => {
  it('prints like Go, without zero minute/second parts', () => {
    expect([0, 5, 90, 300, 3600, 3661, 5400, 86400].map(humanDuration)).toEqual(['0s', '5s', '1m30s', '5m', '1h', '1h1m1s', '1h30m', '24h']);
  });

  it('parses seconds, numeric strings and Go durations (with days)', () => {
    expect([90, '90', '1h30m', '2d', '1.5m', '', undefined].map((v) => parseDurationSeconds(v))).toEqual([90, 90, 5400, 172800, 90, 0, 0]);
    expect(() => parseDurationSeconds('soon')).toThrow(VaultError);
  });
});

describe('calculateTtl', () => {
  const base = { increment: 0, backendTtl: 0, period: 0, backendMaxTtl: 0, explicitMaxTtl: 0, mountDefaultTtl: 2764800, mountMaxTtl: 2764800 };
  const start = Date.UTC(2024, 0, 1, 12, 0, 0);

  it('uses the increment, else the backend TTL, else the mount default', () => {
    expect(calculateTtl({ ...base, increment: 60, backendTtl: 30, nowMs: start }).ttl).toBe(60);
    expect(calculateTtl({ ...base, backendTtl: 30, nowMs: start }).ttl).toBe(30);
    expect(calculateTtl({ ...base, nowMs: start }).ttl).toBe(2764800);
  });

  it('caps at issue time + the smallest max, with Vault\'s warning', () => {
    const result = calculateTtl({ ...base, increment: 3600, backendMaxTtl: 600, startTimeMs: start, nowMs: start + 100_000 });
    expect(result).toEqual({ ttl: 500, warnings: ['TTL of "1h" exceeded the effective max_ttl of "8m20s"; TTL value is capped accordingly'] });
  });

  it('refuses past the max TTL', () => {
    expect(() => calculateTtl({ ...base, explicitMaxTtl: 10, startTimeMs: start, nowMs: start + 10_000 })).toThrow('past the max TTL, cannot renew');
  });

  it('caps a period at the max TTL with the period warning', () => {
    const result = calculateTtl({ ...base, period: 7200, backendMaxTtl: 3600, nowMs: start });
    expect(result).toEqual({ ttl: 3600, warnings: ['period of "2h" exceeded the effective max_ttl of "1h"; period value is capped accordingly'] });
  });
});
