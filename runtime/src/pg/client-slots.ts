/**
 * Counts the clients a dynamic pool has handed out (or is connecting) across all its pg.Pools, and queues callers
 * when `max` are in use. Waiting here, and not inside a pg.Pool, is what lets a rotation move waiting requests: a
 * freed slot is always handed to whichever pg.Pool is current at that moment, never to the one being drained.
 */
interface Waiter {
  grant(): void;
  timer?: ReturnType<typeof setTimeout>;
}

export class ClientSlots {
  #inUse = 0;
  // FIFO with a moving head, as shift() on a long array is O(n); served entries are cleared to free them.
  #queue: (Waiter | undefined)[] = [];
  #head = 0;

  constructor(
    readonly max: number,
    private readonly timeoutMs = 0,
  ) {}

  get inUse(): number {
    return this.#inUse;
  }

  get waitingCount(): number {
    return this.#queue.length - this.#head;
  }

  /** Takes a slot at once if one is free and nobody is queued before us. */
  tryTake(): boolean {
    if (this.#inUse >= this.max || this.waitingCount > 0) return false;
    this.#inUse++;
    return true;
  }

  /**
   * Queues for a slot: `grant` runs when one is handed over. With a timeout, `fail` runs instead, with pg-pool's
   * error, when no client frees up in time.
   */
  wait(grant: () => void, fail: (error: Error) => void): void {
    const waiter: Waiter = { grant };
    if (this.timeoutMs > 0) {
      waiter.timer = setTimeout(() => {
        const index = this.#queue.indexOf(waiter, this.#head);
        if (index !== -1) this.#queue.splice(index, 1);
        fail(new Error('timeout exceeded when trying to connect'));
      }, this.timeoutMs);
      waiter.timer.unref();
    }
    this.#queue.push(waiter);
  }

  /** Gives a slot back: to the longest waiter if there is one (the count stays), else to the free pool. */
  give(): void {
    const next = this.#shift();
    if (!next) {
      this.#inUse--;
      return;
    }
    if (next.timer) clearTimeout(next.timer);
    next.grant();
  }

  #shift(): Waiter | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const waiter = this.#queue[this.#head];
    this.#queue[this.#head++] = undefined;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return waiter;
  }
}
