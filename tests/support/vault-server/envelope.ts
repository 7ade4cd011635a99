/**
 * Vault's HTTP envelope and error bodies.
 *
 * Every JSON answer carries the same keys, with null where Vault sends null; errors are {"errors": [...]}.
 * Vault wraps most core errors in a go-multierror, whose text ("1 error occurred:\n\t* permission denied\n\n")
 * is what clients actually receive, so multiError() reproduces that format byte for byte.
 */
import { randomUUID } from 'node:crypto';

/** The auth block of a login, token creation or renewal (Vault's HTTPAuth). */
export interface HttpAuth {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  identity_policies?: string[]; // Vault omits it when empty
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: string;
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
}

export interface WrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor: string;
}

/** What a backend answers; the core turns it into the HTTP envelope. */
export interface LogicalResponse {
  /** 200 unless set; a null response (not this object) means 204. */
  status?: number;
  data?: Record<string, unknown> | null;
  auth?: HttpAuth | null;
  leaseId?: string;
  renewable?: boolean;
  leaseDuration?: number;
  warnings?: string[];
  wrapInfo?: WrapInfo | null;
  /** sys/mounts and sys/auth repeat their data map at the top level of the body (legacy clients read it there). */
  topLevel?: Record<string, unknown>;
  /** A body sent as is, without the envelope (sys/health, sys/seal-status). Never wrapped. */
  bare?: unknown;
}

/** A failed request: status and the strings of the "errors" array. */
export class VaultError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join('; ') || `HTTP ${status}`);
    this.name = 'VaultError';
  }
}

/** go-multierror's default ListFormatFunc. */
export function multiError(...messages: string[]): string {
  if (messages.length === 1) return `1 error occurred:\n\t* ${messages[0]}\n\n`;
  return `${messages.length} errors occurred:\n\t${messages.map((m) => `* ${m}`).join('\n\t')}\n\n`;
}

/** logical.ErrorResponse(...) returned with ErrInvalidRequest: 400 with the plain message. */
export function badRequest(message: string): VaultError {
  return new VaultError(400, [message]);
}

/** An error returned (not an error response) by a backend: the core wraps it in a multierror. */
export function internalError(message: string, status = 500): VaultError {
  return new VaultError(status, [multiError(message)]);
}

export const permissionDenied = (): VaultError => new VaultError(403, [multiError('permission denied')]);
export const invalidToken = (): VaultError => new VaultError(403, [multiError('permission denied', 'invalid token')]);
export const unsupportedPath = (): VaultError => new VaultError(404, [multiError('unsupported path')]);
export const unsupportedOperation = (): VaultError => new VaultError(405, [multiError('unsupported operation')]);
/** A read that finds nothing. */
export const notFound = (): VaultError => new VaultError(404, []);

export function toEnvelope(resp: LogicalResponse, mountType: string): Record<string, unknown> {
  return {
    ...resp.topLevel,
    request_id: randomUUID(),
    lease_id: resp.leaseId ?? '',
    renewable: resp.renewable ?? false,
    lease_duration: resp.leaseDuration ?? 0,
    data: resp.data ?? null,
    wrap_info: resp.wrapInfo ?? null,
    warnings: resp.warnings && resp.warnings.length > 0 ? resp.warnings : null,
    auth: resp.auth ?? null,
    mount_type: mountType,
  };
}
