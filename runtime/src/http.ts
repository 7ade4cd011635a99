import { fullJitterDelay, sleep } from './backoff.js';
import { VaultConfigError, VaultError, VaultUnavailableError, errorFromResponse } from './errors.js';
import type { SafeLogger } from './logger.js';

/** The JSON envelope Vault answers with (shared by reads, writes and logins). */
// `any` by default as in node-vault, whose call sites the codemods migrate unchanged (`data.data.password`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface VaultResponse<T = any> {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: T;
  wrap_info: WrapInfo | null;
  warnings: string[] | null;
  auth: VaultAuthInfo | null;
  [key: string]: unknown;
}

export interface WrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor?: string;
}

export interface VaultAuthInfo {
  client_token: string;
  accessor: string;
  policies: string[] | null;
  token_policies?: string[] | null;
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id?: string;
  token_type?: string;
  orphan?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'LIST';

export interface VaultRequest {
  method: HttpMethod;
  /** Path below /v1/, e.g. `secret/data/app`. */
  path: string;
  token?: string;
  body?: unknown;
  query?: Record<string, string>;
  /**
   * Safe to send again after a timeout or any 5xx (reads, renewals, revocations). Other requests (logins, unwraps)
   * are sent again only when Vault certainly did not act: 503/429/412 answers or a refused connection.
   */
  idempotent?: boolean;
  /** Ask Vault to wrap the response (X-Vault-Wrap-TTL). */
  wrapTtl?: string;
  /** Time budget for this request (retries included) when shorter than the client's: e.g. a renewal due soon. */
  timeoutMs?: number;
}

export interface TransportOptions {
  address: string;
  namespace?: string;
  /** Total time budget of one request, retries included. */
  timeoutMs: number;
  fetch: typeof fetch;
  logger: SafeLogger;
  retryBaseMs?: number;
  retryCapMs?: number;
  random?: () => number;
}

// 412: Vault's "required index state not present" on a performance standby (eventual consistency, retry).
const RETRYABLE_STATUS = new Set([412, 429, 500, 502, 503, 504]);

/** Validates VAULT_ADDR: https, or plain http only on loopback unless explicitly allowed. */
export function normalizeAddress(address: string | undefined, allowInsecureHttp = false): string {
  if (!address) {
    throw new VaultConfigError('no Vault address: pass `address` or set VAULT_ADDR (e.g. https://vault.example.com:8200)');
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new VaultConfigError('VAULT_ADDR is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new VaultConfigError(`unsupported Vault address scheme ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new VaultConfigError(
      `refusing plain http to ${url.hostname}: tokens and secrets would cross the network unencrypted; ` +
        'use https, or pass allowInsecureHttp: true for a trusted network',
    );
  }
  if (url.username || url.password) throw new VaultConfigError('the Vault address must not contain credentials');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * One Vault HTTP endpoint: builds requests with the Vault headers, enforces the time budget and retries idempotent
 * requests on network errors and 5xx/429 with exponential backoff and full jitter, never past the budget.
 */
export class VaultTransport {
  readonly address: string;
  readonly namespace: string | undefined;
  private readonly options: TransportOptions;
  /** The "did not answer" errors of attempts the time budget cut short, told apart from Vault's own answers. */
  readonly #cutShort = new WeakSet<VaultError>();

  constructor(options: TransportOptions) {
    this.options = options;
    this.address = options.address;
    this.namespace = options.namespace ? options.namespace.replace(/^\/+/, '') : undefined;
  }

  /** Sends the request; resolves with the parsed body (undefined for 204) or rejects with a VaultError. */
  async request<T = VaultResponse>(req: VaultRequest): Promise<T | undefined> {
    const { retryBaseMs = 100, retryCapMs = 2_000, random = Math.random } = this.options;
    const budgetMs = Math.min(this.options.timeoutMs, req.timeoutMs ?? Infinity);
    const deadline = Date.now() + budgetMs;
    let lastError: VaultError | undefined;
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw lastError ?? this.timeoutError(req, budgetMs);
      try {
        return await this.once<T>(req, remaining, budgetMs);
      } catch (err) {
        const error = err instanceof VaultError ? err : this.networkError(req, err);
        if (!isRetryable(error) || (!req.idempotent && !neverReachedVault(error))) throw error;
        // When the budget ends during a retry, what Vault answered before (sealed, 503) says more than "did not
        // answer": the attempt was cut short by our deadline, not refused.
        if (lastError && this.#cutShort.has(error)) throw lastError;
        lastError = error;
        const delay = fullJitterDelay(attempt, retryBaseMs, retryCapMs, random);
        if (Date.now() + delay >= deadline) throw error;
        this.options.logger.debug(`retrying ${req.method} ${req.path} in ${delay} ms after: ${error.message}`);
        await sleep(delay, undefined, true);
      }
    }
  }

  private async once<T>(req: VaultRequest, remainingMs: number, budgetMs: number): Promise<T | undefined> {
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (req.token) headers['X-Vault-Token'] = req.token;
    if (this.namespace) headers['X-Vault-Namespace'] = this.namespace;
    if (req.wrapTtl) headers['X-Vault-Wrap-TTL'] = req.wrapTtl;
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const method = req.method === 'LIST' ? 'GET' : req.method;
    const query = new URLSearchParams(req.query);
    if (req.method === 'LIST') query.set('list', 'true');
    const qs = query.size > 0 ? `?${query.toString()}` : '';
    const url = `${this.address}/v1/${encodePath(req.path)}${qs}`;

    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(remainingMs))); // it only takes whole milliseconds
    let response: Response;
    try {
      response = await this.options.fetch(url, { method, headers, body, signal });
    } catch (err) {
      if (signal.aborted) throw this.timeoutError(req, budgetMs);
      throw this.networkError(req, err);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      if (signal.aborted) throw this.timeoutError(req, budgetMs);
      throw this.networkError(req, err);
    }
    const parsed = parseJson(text);
    if (response.status >= 200 && response.status < 300) {
      if (response.status === 204 || text.trim() === '') return undefined;
      if (parsed === undefined) {
        throw new VaultError(`Vault ${req.method} ${req.path} answered ${response.status} with a body that is not JSON`, {
          status: response.status, path: req.path, method: req.method,
        });
      }
      return parsed as T;
    }
    const errors = Array.isArray((parsed as { errors?: unknown })?.errors)
      ? ((parsed as { errors: unknown[] }).errors).map(String)
      : [];
    throw errorFromResponse(req.method, req.path, response.status, errors);
  }

  private timeoutError(req: VaultRequest, budgetMs: number): VaultUnavailableError {
    const error = new VaultUnavailableError(
      `Vault ${req.method} ${req.path} did not answer within ${Math.round(budgetMs)} ms (${this.address})`,
      { path: req.path, method: req.method },
    );
    this.#cutShort.add(error);
    return error;
  }

  private networkError(req: VaultRequest, err: unknown): VaultUnavailableError {
    const code = (err as { cause?: { code?: string } })?.cause?.code ?? (err as { code?: string })?.code;
    return new VaultUnavailableError(
      `cannot reach Vault at ${this.address} for ${req.method} ${req.path}${code ? ` (${code})` : ''}`,
      { path: req.path, method: req.method, cause: err },
    );
  }
}

// Answers that say Vault did not act on the request (sealed or standby, rate limited, index not yet replicated), and
// connections that were never made: safe to send again even for a login or an unwrap, which must not run twice.
const NOT_PROCESSED_STATUS = new Set([412, 429, 503]);
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function neverReachedVault(error: VaultError): boolean {
  if (error.status !== undefined) return NOT_PROCESSED_STATUS.has(error.status);
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NOT_CONNECTED.has(code);
}

function isRetryable(error: VaultError): boolean {
  if (error.status === undefined) return error instanceof VaultUnavailableError;
  return RETRYABLE_STATUS.has(error.status);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Encodes each path segment (spaces, '?', '#') while keeping the slashes Vault paths are made of. */
export function encodePath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
