// Shared pieces of the runtime's integration suites: a counting wrapper around the real fetch (every request still
// goes over HTTP to the test server or a real Vault), unique names, and the leak audit.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { expect, vi } from 'vitest';
import type { Logger } from 'mcp-secrets-runtime';

export function uid(): string {
  return randomBytes(4).toString('hex');
}

export interface SentRequest {
  method: string;
  /** Path below /v1/, without the query string. */
  path: string;
}

/** globalThis.fetch, unchanged, plus a record of what was sent. */
export function countingFetch(): { fetch: typeof fetch; sent: SentRequest[]; count(path: RegExp, method?: string): number } {
  const sent: SentRequest[] = [];
  const wrapped = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    sent.push({ method: init?.method ?? 'GET', path: url.pathname.replace(/^\/v1\//, '') });
    return globalThis.fetch(input, init);
  }) as typeof fetch;
  return {
    fetch: wrapped,
    sent,
    count: (path, method) => sent.filter((r) => path.test(r.path) && (!method || r.method === method)).length,
  };
}

/**
 * Collects everything the runtime says (log lines with their meta, console output, the message/stack/inspect() of
 * every error a test saw) and every secret the test used, then asserts none of the secrets appears anywhere.
 */
export class LeakAudit {
  readonly lines: string[] = [];
  readonly #secrets = new Set<string>();
  readonly #spies: Array<{ mockRestore(): void }> = [];

  /** A Logger for createVaultClient/SecretCache that records every level, debug included. */
  readonly logger: Logger = {
    debug: (m, meta) => this.#record(m, meta),
    info: (m, meta) => this.#record(m, meta),
    warn: (m, meta) => this.#record(m, meta),
    error: (m, meta) => this.#record(m, meta),
  };

  /** Also capture the console, where the default logger writes. */
  captureConsole(): void {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      this.#spies.push(vi.spyOn(console, method).mockImplementation((...args: unknown[]) => this.#record(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '))));
    }
  }

  /** Register a value that must never be printed. */
  secret(...values: Array<string | undefined>): void {
    for (const v of values) if (v && v.length >= 4) this.#secrets.add(v);
  }

  /** Record an error a test observed (and return it, for chaining in expectations). */
  error<E>(err: E): E {
    if (err instanceof Error) {
      this.lines.push(err.message, String(err.stack), inspect(err, { depth: 6, showHidden: true }), JSON.stringify(err));
    } else {
      this.lines.push(inspect(err, { depth: 6 }));
    }
    return err;
  }

  /** Await a promise that must reject, record the error and return it. */
  async rejection(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (err) {
      return this.error(err as Error);
    }
    throw new Error('expected a rejection');
  }

  #record(message: string, meta?: unknown): void {
    this.lines.push(meta === undefined ? message : `${message} ${inspect(meta, { depth: 6 })}`);
  }

  /** Assert no secret leaked; call in afterAll. Also checks the audit saw something, so it cannot pass vacuously. */
  assertClean(): void {
    for (const spy of this.#spies) spy.mockRestore();
    expect(this.#secrets.size).toBeGreaterThan(0);
    expect(this.lines.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const line of this.lines) {
      for (const secret of this.#secrets) if (line.includes(secret)) leaks.push(`${secret.slice(0, 4)}... in: ${line.slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
  }
}
