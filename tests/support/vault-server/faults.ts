/**
 * Fault injection: seal, latency, failing the next N matching requests with a status, and (through the server)
 * revoking tokens and leases behind a client's back. Also reachable over HTTP at /v1/sys/test/faults.
 */
export interface FailureRule {
  remaining: number;
  status: number;
  paths?: RegExp;
}

export class FaultState {
  latencyMs = 0;
  private rules: FailureRule[] = [];

  failNext(count: number, status: number, paths?: RegExp): void {
    if (!Number.isInteger(count) || count < 0) throw new Error('failNext: count must be a non-negative integer');
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new Error('failNext: status must be an HTTP status');
    if (count > 0) this.rules.push({ remaining: count, status, paths });
  }

  /** The injected status for this request path (e.g. "/v1/auth/approle/login"), consuming one failure. */
  take(path: string): number | undefined {
    for (const rule of this.rules) {
      if (rule.remaining > 0 && (!rule.paths || rule.paths.test(path))) {
        rule.remaining -= 1;
        if (rule.paths) rule.paths.lastIndex = 0;
        this.rules = this.rules.filter((r) => r.remaining > 0);
        return rule.status;
      }
    }
    return undefined;
  }

  pendingFailures(): Array<{ remaining: number; status: number; paths: string | null }> {
    return this.rules.map((r) => ({ remaining: r.remaining, status: r.status, paths: r.paths ? r.paths.source : null }));
  }

  reset(): void {
    this.latencyMs = 0;
    this.rules = [];
  }
}
