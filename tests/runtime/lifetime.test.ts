import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseWatcher, VaultError, VaultUnavailableError, computeGraceMs, computeSleepMs, watchLease, type LeaseState, type RotateEvent } from 'mcp-secrets-runtime';
import { isCapped } from '../../runtime/src/lifetime.js';

// Timing is the logic under test here, so the clock is faked; random is pinned to make the jitter exact.
const half = () => 0.5;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timing functions', () => {
  it('grace is 10-20% of the shorter of lease and increment', () => {
    expect(computeGraceMs(60_000, undefined, () => 0)).toBe(6_000);
    expect(computeGraceMs(60_000, undefined, () => 0.999)).toBeCloseTo(11_994, 0);
    expect(computeGraceMs(60_000, 10_000, () => 0)).toBe(1_000);
    expect(computeGraceMs(0, undefined, half)).toBe(0);
  });

  it('sleeps two thirds of the remaining lease plus a third of the grace', () => {
    expect(computeSleepMs(30_000, 4_500)).toBe(21_500);
  });

  it('detects a capped lease by warning, by shrinking, or by a short answer to an increment', () => {
    expect(isCapped({ leaseDurationSec: 10, renewable: true, warnings: ['TTL of "1h" exceeded the effective max_ttl of "10s"; TTL value is capped accordingly'] }, 10)).toBe(true);
    expect(isCapped({ leaseDurationSec: 8, renewable: true }, 10)).toBe(true);
    expect(isCapped({ leaseDurationSec: 10, renewable: true }, 10, 60)).toBe(true);
    expect(isCapped({ leaseDurationSec: 10, renewable: true }, 10)).toBe(false);
  });
});

describe('LeaseWatcher', () => {
  it('renews at 2/3 of the lease plus grace/3, and keeps renewing while Vault extends it', async () => {
    const renew = vi.fn(async (): Promise<LeaseState> => ({ leaseDurationSec: 30, renewable: true }));
    const renewed: number[] = [];
    const watcher = watchLease({ lease: { leaseDurationSec: 30, renewable: true }, renew, random: half, onRenewed: (e) => renewed.push(e.leaseDurationSec) });
    // grace = 3 s + 0.5 * 3 s = 4.5 s; sleep = 20 s + 1.5 s = 21.5 s
    await vi.advanceTimersByTimeAsync(21_499);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(renew).toHaveBeenCalledTimes(1);
    // The attempt may take until the rotation point: 30 s - 4.5 s grace - 21.5 s elapsed.
    expect(renew).toHaveBeenCalledWith(undefined, { timeoutMs: 4_000 });
    await vi.advanceTimersByTimeAsync(21_500);
    expect(renew).toHaveBeenCalledTimes(2);
    expect(renewed).toEqual([30, 30]);
    expect(watcher.remainingMs()).toBe(30_000);
    watcher.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(renew).toHaveBeenCalledTimes(2);
  });

  it('stops renewing once the lease is capped and signals rotate a grace period before it ends (less the rounding second)', async () => {
    const answers: LeaseState[] = [
      { leaseDurationSec: 30, renewable: true },
      { leaseDurationSec: 12, renewable: true, warnings: ['TTL of "30s" exceeded the effective max_ttl of "12s"; TTL value is capped accordingly'] },
    ];
    const renew = vi.fn(async () => answers.shift()!);
    const rotations: RotateEvent[] = [];
    const expired = vi.fn();
    const watcher = watchLease({ lease: { leaseDurationSec: 30, renewable: true }, renew, random: half, onRotate: (e) => rotations.push(e), onExpired: expired });
    await vi.advanceTimersByTimeAsync(21_500 * 2); // two renewals; the second is capped at 12 s
    expect(renew).toHaveBeenCalledTimes(2);
    const cappedAt = Date.now();
    // Vault caps on whole seconds, so a capped 12 s may be 11.x s: planned as 11 s, rotated 4.5 s before that.
    await vi.advanceTimersByTimeAsync(11_000 - 4_500 - 1);
    expect(rotations).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(rotations).toEqual([{ reason: 'max-ttl', expiresAt: cappedAt + 11_000 }]);
    expect(renew).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4_500);
    expect(expired).toHaveBeenCalledTimes(1);
    watcher.stop();
  });

  it('signals rotate for a shrinking lease without a warning (Go-style: remaining within grace)', async () => {
    const renew = vi.fn(async (): Promise<LeaseState> => ({ leaseDurationSec: 5, renewable: true }));
    const onRotate = vi.fn();
    watchLease({ lease: { leaseDurationSec: 30, renewable: true }, renew, random: half, onRotate });
    await vi.advanceTimersByTimeAsync(21_500);
    expect(renew).toHaveBeenCalledTimes(1);
    // 5 s reported, 4 s planned, grace 4.5 s: rotate at once (on the next timer tick)
    await vi.advanceTimersByTimeAsync(1);
    expect(onRotate).toHaveBeenCalledWith(expect.objectContaining({ reason: 'max-ttl' }));
  });

  it('backs off from 10 s after a failed renewal and recovers', async () => {
    let fail = true;
    const renew = vi.fn(async (): Promise<LeaseState> => {
      if (fail) throw new VaultUnavailableError('Vault is sealed');
      return { leaseDurationSec: 600, renewable: true };
    });
    const errors: unknown[] = [];
    watchLease({ lease: { leaseDurationSec: 600, renewable: true }, renew, random: half, onError: (e) => errors.push(e) });
    // grace 90 s; first renewal at 400 s + 30 s
    await vi.advanceTimersByTimeAsync(430_000);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(renew).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(renew).toHaveBeenCalledTimes(2); // +10 s
    fail = false;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(renew).toHaveBeenCalledTimes(3); // +20 s, succeeds
    expect(errors).toHaveLength(2);
  });

  it('rotates before the lease ends when the next retry would land inside the grace period', async () => {
    const renew = vi.fn(async (): Promise<LeaseState> => {
      throw new VaultUnavailableError('down');
    });
    const rotations: RotateEvent[] = [];
    const watcher = watchLease({ lease: { leaseDurationSec: 60, renewable: true }, renew, random: half, onRotate: (e) => rotations.push(e), onError: () => {} });
    // grace 9 s; renew at 40 s + 3 s = 43 s; fails; next retry at +10 s = 53 s > 60 - 9 = 51 s => rotate now
    await vi.advanceTimersByTimeAsync(43_000);
    expect(rotations).toHaveLength(1);
    expect(rotations[0].reason).toBe('renewal-failed');
    expect(rotations[0].error).toBeInstanceOf(VaultUnavailableError);
    expect(watcher.remainingMs()).toBe(17_000);
  });

  it('rotates at once on a renewal error retrying cannot fix', async () => {
    const renew = vi.fn(async (): Promise<LeaseState> => {
      throw new VaultError('lease not found', { status: 400, errors: ['lease not found'] });
    });
    const onRotate = vi.fn();
    watchLease({ lease: { leaseDurationSec: 3600, renewable: true }, renew, random: half, onRotate, onError: () => {} });
    await vi.advanceTimersByTimeAsync(2_580_000);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(onRotate).toHaveBeenCalledWith(expect.objectContaining({ reason: 'renewal-failed' }));
  });

  it('does not renew a non-renewable lease and rotates a grace period before its end', async () => {
    const renew = vi.fn();
    const onRotate = vi.fn();
    watchLease({ lease: { leaseDurationSec: 100, renewable: false }, renew, random: () => 0, onRotate });
    await vi.advanceTimersByTimeAsync(89_999);
    expect(onRotate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onRotate).toHaveBeenCalledWith(expect.objectContaining({ reason: 'not-renewable' }));
    expect(renew).not.toHaveBeenCalled();
  });

  it('honours rotateBeforeMs instead of the grace period', async () => {
    const onRotate = vi.fn();
    watchLease({ lease: { leaseDurationSec: 100, renewable: false }, random: () => 0, rotateBeforeMs: 30_000, onRotate });
    await vi.advanceTimersByTimeAsync(70_000);
    expect(onRotate).toHaveBeenCalledTimes(1);
  });

  it('never lets a listener or a missing error listener crash the process', async () => {
    const warn = vi.fn();
    const error = vi.fn();
    const renew = vi.fn(async (): Promise<LeaseState> => {
      throw new VaultUnavailableError('down');
    });
    const watcher = new LeaseWatcher({ lease: { leaseDurationSec: 60, renewable: true }, renew, random: half, logger: { warn, error }, name: 'test lease' });
    watcher.on('rotate', () => {
      throw new Error('listener bug');
    });
    watcher.start();
    await vi.advanceTimersByTimeAsync(43_000);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('test lease renewal failed: down'));
    expect(error).toHaveBeenCalledWith(expect.stringContaining("'rotate' listener threw: listener bug"));
  });

  it('leaves a lease without expiry alone', async () => {
    const renew = vi.fn();
    const watcher = watchLease({ lease: { leaseDurationSec: 0, renewable: false }, renew });
    await vi.advanceTimersByTimeAsync(10 * 86_400_000);
    expect(renew).not.toHaveBeenCalled();
    expect(watcher.expiresAt).toBe(Infinity);
  });
});
