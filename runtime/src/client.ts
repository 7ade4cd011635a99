import { inspect } from 'node:util';
import { authFromEnv } from './auth/from-env.js';
import type { AuthMethod } from './auth/types.js';
import { VaultClientClosedError, VaultConfigError, VaultError, VaultInvalidTokenError } from './errors.js';
import { fetchWithCa, loadCaCert } from './https-fetch.js';
import { VaultTransport, normalizeAddress, type VaultRequest, type VaultResponse } from './http.js';
import { KvMount, type KvReader } from './kv.js';
import { LeaseWatcher, type LeaseWatcherOptions } from './lifetime.js';
import { safeLogger, type Logger, type SafeLogger } from './logger.js';
import { rememberSecret, rememberSecretsIn } from './redact.js';
import { TokenManager } from './token-manager.js';

export interface VaultClientOptions {
  /** Default VAULT_ADDR. https is required unless the host is loopback or allowInsecureHttp is set. */
  address?: string;
  /** Default VAULT_NAMESPACE (Vault Enterprise / OpenBao namespaces). */
  namespace?: string;
  /** Default authFromEnv(). */
  auth?: AuthMethod;
  /** PEM text or a path to a PEM file to trust for the Vault server. Default VAULT_CACERT. */
  caCert?: string;
  /** Time budget of one request, retries included. Default 10 s. */
  requestTimeoutMs?: number;
  /** Receives background events (renewals, re-logins, outages). Default: warnings on the console. All redacted. */
  logger?: Logger;
  /** A fetch implementation (e.g. one that counts or traces requests). Default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Allow plain http to a non-loopback address (a trusted network only). */
  allowInsecureHttp?: boolean;
}

export interface LeaseInfo {
  leaseId: string;
  leaseDurationSec: number;
  renewable: boolean;
  warnings: string[];
}

export interface VaultClient {
  readonly address: string;
  /** The client's redacting logger; helpers built on the client (createDynamicPgPool) report through it. */
  readonly logger: Logger;
  /** GET /v1/<path>: the Vault JSON body, as node-vault returns it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  read<T = any>(path: string): Promise<VaultResponse<T>>;
  /** POST /v1/<path>: the body, or undefined when Vault answers 204. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  write<T = any>(path: string, body?: object): Promise<VaultResponse<T> | undefined>;
  delete(path: string): Promise<void>;
  /** LIST /v1/<path>: `data.keys`. */
  list(path: string): Promise<VaultResponse<{ keys: string[] }>>;
  /** A KV reader for a mount (default "secret"); v1 or v2 is detected once. */
  kv(mount?: string): KvReader;
  /** A valid token, logging in if needed. */
  token(): Promise<string>;
  renewLease(leaseId: string, incrementSeconds?: number): Promise<LeaseInfo>;
  revokeLease(leaseId: string): Promise<void>;
  /** Keeps a leased secret renewed on the LifetimeWatcher schedule; listen for 'rotate' to fetch a new one. */
  watchLease(secret: Pick<VaultResponse, 'lease_id' | 'lease_duration' | 'renewable'>, options?: Partial<LeaseWatcherOptions>): LeaseWatcher;
  /** Stops timers, revokes the leases it handed out and its own token (when it logged in). */
  close(): Promise<void>;
}

/** Creates a Vault client. Nothing is sent until the first request. */
export function createVaultClient(options: VaultClientOptions = {}): VaultClient {
  return new VaultClientImpl(options);
}

/**
 * Remembers the secret values of an answer so redaction can catch them if they ever reach a log line. Only secret
 * payloads: sys/ answers, lists and KV v2 metadata hold names and paths, which must stay readable in messages.
 */
function rememberSecretPayload(req: VaultRequest, body: VaultResponse): void {
  if (req.method === 'LIST' || /^\/*sys\//.test(req.path)) return;
  if (req.method !== 'GET' && !body.lease_id) return;
  const data = body.data as { data?: unknown; metadata?: unknown } | null;
  if (data && typeof data === 'object' && 'metadata' in data && 'data' in data) rememberSecretsIn(data.data);
  else rememberSecretsIn(data);
}

class VaultClientImpl implements VaultClient {
  readonly address: string;
  readonly #logger: SafeLogger;
  get logger(): Logger {
    return this.#logger;
  }
  readonly #transport: VaultTransport;
  readonly #tokens: TokenManager;
  readonly #authType: string;
  readonly #leases = new Map<string, number>(); // lease_id -> expiry (epoch ms)
  readonly #watchers = new Set<LeaseWatcher>();
  readonly #kvMounts = new Map<string, KvMount>();
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: VaultClientOptions) {
    this.#logger = safeLogger(options.logger);
    this.address = normalizeAddress(options.address ?? process.env.VAULT_ADDR, options.allowInsecureHttp);
    const caCert = options.caCert ?? process.env.VAULT_CACERT;
    let fetchImpl = options.fetch ?? globalThis.fetch;
    if (caCert) {
      if (options.fetch) this.#logger.warn('caCert is ignored because a custom fetch was given; configure TLS in that fetch');
      else if (!this.address.startsWith('https:')) this.#logger.warn('caCert is ignored for a plain http address');
      else fetchImpl = fetchWithCa(loadCaCert(caCert));
    }
    if (typeof fetchImpl !== 'function') throw new VaultConfigError('no fetch implementation available (Node 20+ is required)');
    this.#transport = new VaultTransport({
      address: this.address,
      namespace: options.namespace ?? process.env.VAULT_NAMESPACE,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
      fetch: fetchImpl,
      logger: this.#logger,
    });
    const auth = options.auth ?? authFromEnv({ logger: this.#logger });
    this.#authType = auth.type;
    this.#tokens = new TokenManager({ auth, transport: this.#transport, logger: this.#logger });
  }

  read<T>(path: string): Promise<VaultResponse<T>> {
    return this.#secretRequest<T>({ method: 'GET', path, idempotent: true });
  }

  async write<T>(path: string, body?: object): Promise<VaultResponse<T> | undefined> {
    return this.#secretRequest<T>({ method: 'POST', path, body: body ?? {} }, true);
  }

  async delete(path: string): Promise<void> {
    await this.#request({ method: 'DELETE', path, idempotent: true });
  }

  list(path: string): Promise<VaultResponse<{ keys: string[] }>> {
    return this.#secretRequest({ method: 'LIST', path, idempotent: true });
  }

  kv(mount = 'secret'): KvReader {
    const clean = mount.replace(/^\/+|\/+$/g, '');
    let reader = this.#kvMounts.get(clean);
    if (!reader) {
      reader = new KvMount(clean, (path, query) => this.#secretRequest({ method: 'GET', path, query, idempotent: true }));
      this.#kvMounts.set(clean, reader);
    }
    return reader;
  }

  token(): Promise<string> {
    return this.#tokens.getToken();
  }

  renewLease(leaseId: string, incrementSeconds?: number): Promise<LeaseInfo> {
    return this.#renewLease(leaseId, incrementSeconds);
  }

  async #renewLease(leaseId: string, incrementSeconds: number | undefined, timeoutMs?: number): Promise<LeaseInfo> {
    const body: Record<string, unknown> = { lease_id: leaseId };
    if (incrementSeconds !== undefined) body.increment = incrementSeconds;
    const answer = await this.#request<VaultResponse>({ method: 'PUT', path: 'sys/leases/renew', body, idempotent: true, timeoutMs });
    const info: LeaseInfo = {
      leaseId: typeof answer?.lease_id === 'string' && answer.lease_id ? answer.lease_id : leaseId,
      leaseDurationSec: Number(answer?.lease_duration) || 0,
      renewable: Boolean(answer?.renewable),
      warnings: answer?.warnings ?? [],
    };
    if (this.#leases.has(leaseId)) this.#leases.set(leaseId, Date.now() + info.leaseDurationSec * 1000);
    return info;
  }

  async revokeLease(leaseId: string): Promise<void> {
    await this.#request({ method: 'PUT', path: 'sys/leases/revoke', body: { lease_id: leaseId }, idempotent: true });
    this.#leases.delete(leaseId);
  }

  watchLease(secret: Pick<VaultResponse, 'lease_id' | 'lease_duration' | 'renewable'>, options: Partial<LeaseWatcherOptions> = {}): LeaseWatcher {
    if (this.#closed) throw new VaultClientClosedError('the Vault client is closed');
    const leaseId = secret.lease_id;
    const watcher = new LeaseWatcher({
      name: `lease ${leaseId}`,
      logger: this.#logger,
      ...options,
      lease: { leaseDurationSec: secret.lease_duration, renewable: secret.renewable },
      renew: async (increment, { timeoutMs }) => {
        const info = await this.#renewLease(leaseId, increment, timeoutMs);
        return { leaseDurationSec: info.leaseDurationSec, renewable: info.renewable, warnings: info.warnings };
      },
    });
    this.#watchers.add(watcher);
    const forget = () => this.#watchers.delete(watcher);
    watcher.once('rotate', forget);
    return watcher.start();
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    for (const watcher of this.#watchers) watcher.stop();
    this.#watchers.clear();
    const token = this.#tokens.currentToken();
    const now = Date.now();
    const live = [...this.#leases].filter(([, expiresAt]) => expiresAt > now).map(([id]) => id);
    this.#leases.clear();
    if (token && live.length > 0) {
      const results = await Promise.allSettled(
        live.map((lease_id) => this.#transport.request({ method: 'PUT', path: 'sys/leases/revoke', token, body: { lease_id }, idempotent: true })),
      );
      const failed = results.filter((r) => r.status === 'rejected').length;
      if (failed > 0) this.#logger.warn(`could not revoke ${failed} of ${live.length} leases on close; they end with their TTL`);
      else this.#logger.info(`revoked ${live.length} leases on close`);
    }
    await this.#tokens.close();
  }

  /** A request for secret material: remembers the values for redaction and tracks leases for close(). */
  async #secretRequest<T>(req: VaultRequest, allowEmpty = false): Promise<VaultResponse<T>> {
    const body = await this.#request<VaultResponse<T>>(req);
    if (body === undefined) {
      if (allowEmpty) return undefined as unknown as VaultResponse<T>;
      throw new VaultError(`Vault ${req.method} ${req.path} answered without a body`, { path: req.path, method: req.method });
    }
    rememberSecretPayload(req, body);
    if (body.auth?.client_token) rememberSecret(body.auth.client_token);
    if (body.wrap_info?.token) rememberSecret(body.wrap_info.token);
    if (typeof body.lease_id === 'string' && body.lease_id && body.lease_duration > 0) {
      this.#leases.set(body.lease_id, Date.now() + body.lease_duration * 1000);
      this.#pruneLeases();
    }
    return body;
  }

  /** Sends a request with the token; on "invalid token" logs in once (shared) and retries once. */
  async #request<T>(req: VaultRequest): Promise<T | undefined> {
    if (this.#closed) throw new VaultClientClosedError('the Vault client is closed');
    const token = await this.#tokens.getToken();
    try {
      return await this.#transport.request<T>({ ...req, token });
    } catch (err) {
      // A 403 is decided before Vault acts on the request, so sending it again is safe even for writes.
      if (!(err instanceof VaultInvalidTokenError)) throw err;
      this.#tokens.invalidate(token);
      const fresh = await this.#tokens.getToken();
      return this.#transport.request<T>({ ...req, token: fresh });
    }
  }

  #pruneLeases(): void {
    if (this.#leases.size < 1_000) return;
    const now = Date.now();
    for (const [id, expiresAt] of this.#leases) if (expiresAt <= now) this.#leases.delete(id);
  }

  /** Test/metrics helper: how many logins this client performed. */
  get loginCount(): number {
    return this.#tokens.loginCount;
  }

  [inspect.custom](): string {
    return `VaultClient { address: '${this.address}', auth: '${this.#authType}', leases: ${this.#leases.size}${this.#closed ? ', closed' : ''} }`;
  }
}
