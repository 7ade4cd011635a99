// Backoff and timer helpers shared by HTTP retries, renewal retries and re-login retries.

/** "Full jitter" (AWS architecture blog): a uniformly random delay in [0, min(cap, base * 2^attempt)). */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

export interface ExponentialBackoffOptions {
  initialMs: number;
  maxMs: number;
  multiplier?: number;
  /** Spread around each interval, as in cenkalti/backoff: the delay is interval * (1 ± factor). Default 0.5. */
  randomizationFactor?: number;
  random?: () => number;
}

/** Exponential backoff with randomisation (10 s, 20 s, 40 s ... capped), used between failed renewals/logins. */
export class ExponentialBackoff {
  private interval: number;
  constructor(private readonly options: ExponentialBackoffOptions) {
    this.interval = options.initialMs;
  }

  next(): number {
    const { maxMs, multiplier = 2, randomizationFactor = 0.5, random = Math.random } = this.options;
    const current = this.interval;
    this.interval = Math.min(maxMs, current * multiplier);
    const delta = randomizationFactor * current;
    return Math.max(0, Math.round(current - delta + random() * 2 * delta));
  }

  reset(): void {
    this.interval = this.options.initialMs;
  }
}

/** setTimeout that never keeps the process alive. */
export function unrefTimer(fn: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(fn, Math.max(0, ms));
  timer.unref?.();
  return timer;
}

/**
 * Sleep that ends early (rejecting) when the signal aborts. Unref'd by default; a caller that is awaited by the
 * application (a foreground retry) passes `keepAlive` so the process does not exit in the middle of the wait.
 */
export function sleep(ms: number, signal?: AbortSignal, keepAlive = false): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = keepAlive ? setTimeout(done, Math.max(0, ms)) : unrefTimer(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
