/**
 * Timers for lease and token expiry. Every timer is unref()ed so a forgotten server never keeps a test process
 * alive, and delays beyond setTimeout's 24.8-day limit are chained (Vault's default max TTL is 32 days).
 */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class TimerSet {
  private readonly timers = new Map<object, NodeJS.Timeout>();

  /** Runs fn at the wall-clock time atMs; returns a handle for cancel(). Rescheduling the same handle replaces it. */
  schedule(atMs: number, fn: () => void, handle: object = {}): object {
    this.cancel(handle);
    const arm = (): void => {
      const delay = atMs - Date.now();
      const timer = setTimeout(
        () => {
          if (atMs - Date.now() > 0) return arm();
          this.timers.delete(handle);
          fn();
        },
        Math.max(0, Math.min(delay, MAX_DELAY_MS)),
      );
      timer.unref();
      this.timers.set(handle, timer);
    };
    arm();
    return handle;
  }

  cancel(handle: object): void {
    const timer = this.timers.get(handle);
    if (timer) clearTimeout(timer);
    this.timers.delete(handle);
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
