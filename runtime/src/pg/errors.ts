export type DynamicPgPoolErrorReason =
  /** No credentials could be obtained (first use, or after the previous lease ended) */
  | 'credentials-unavailable'
  /** The lease ended and no replacement could be obtained */
  | 'credentials-expired'
  /** PostgreSQL rejected the credentials again right after a rotation */
  | 'authentication-failed';

/**
 * Thrown by a dynamic pool when it has no working credentials. The message names the credential source (the Vault
 * role) and at most the PostgreSQL user name, never a password. `code` repeats the SQLSTATE of a PostgreSQL cause
 * so code that checks `err.code === '28P01'` keeps working.
 */
export class DynamicPgPoolError extends Error {
  override readonly name = 'DynamicPgPoolError';
  readonly reason: DynamicPgPoolErrorReason;
  /** The credential source, e.g. `database/creds/mcp-app`. */
  readonly source: string;
  readonly code?: string;

  constructor(reason: DynamicPgPoolErrorReason, source: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
    this.source = source;
    const code = (options?.cause as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') this.code = code;
  }
}

export function poolEndedError(): Error {
  // Same text as pg-pool, so callers matching on it behave the same with either pool.
  return new Error('Cannot use a pool after calling end on the pool');
}

export function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
