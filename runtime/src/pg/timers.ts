/** setTimeout fires at once for delays beyond 2^31-1 ms (~24.8 days), shorter than a 32-day Vault max TTL. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Alarm {
  cancel(): void;
}

/**
 * Calls `fn` at the wall-clock time `at` (always asynchronously), re-arming across the timer limit. Unref'd: a
 * pending renewal or rotation never keeps the process alive on its own.
 */
export function alarmAt(at: number, fn: () => void): Alarm {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const delay = Math.max(0, at - Date.now());
    timer = setTimeout(() => (Date.now() >= at ? fn() : arm()), Math.min(delay, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return {
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
