import { ExponentialBackoff, unrefTimer } from './backoff.js';
import { VaultClientClosedError } from './errors.js';
import type { AuthContext, AuthLogin, AuthMethod } from './auth/types.js';
import type { VaultResponse, VaultTransport } from './http.js';
import { watchLease, type LeaseState, type LeaseWatcher, type RotateEvent } from './lifetime.js';
import type { SafeLogger } from './logger.js';

export interface TokenManagerOptions {
  auth: AuthMethod;
  transport: VaultTransport;
  logger: SafeLogger;
  random?: () => number;
  /** First delay between failed background re-logins (Vault Agent: 1 s, doubling to 5 min). */
  loginRetryInitialMs?: number;
  loginRetryMaxMs?: number;
}

/**
 * Owns the client's Vault token: logs in on first use (one login shared by every concurrent caller), renews it on
 * the LifetimeWatcher schedule, logs in again ahead of expiry when Vault caps it or renewal keeps failing, drops it
 * when Vault calls it invalid, and revokes it on close when it created it.
 */
export class TokenManager {
  readonly #options: TokenManagerOptions;
  #token: string | undefined;
  #expiresAt = 0;
  #owned = false;
  #stale = false;
  #closed = false;
  #login: Promise<string> | undefined;
  #watcher: LeaseWatcher | undefined;
  #unwatchSource: (() => void) | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #logins = 0;

  constructor(options: TokenManagerOptions) {
    this.#options = options;
  }

  /** Logins performed so far (a counter for tests and metrics). */
  get loginCount(): number {
    return this.#logins;
  }

  /** When the current token expires (epoch ms; Infinity when it does not or the Agent manages it; 0 when none). */
  get expiresAt(): number {
    return this.#token ? this.#expiresAt : 0;
  }

  /** A valid token, logging in first when there is none (or it expired, or its file changed). */
  getToken(): Promise<string> {
    if (this.#closed) return Promise.reject(new VaultClientClosedError('the Vault client is closed'));
    const token = this.#token;
    if (token && !this.#stale && Date.now() < this.#expiresAt) return Promise.resolve(token);
    return this.#sharedLogin();
  }

  /** The current token if it is still valid, without logging in (used on close). */
  currentToken(): string | undefined {
    return this.#token && Date.now() < this.#expiresAt ? this.#token : undefined;
  }

  /** Vault said this token is invalid: forget it (if it is still the current one) so the next caller logs in. */
  invalidate(token: string): void {
    if (this.#token !== token) return;
    this.#options.logger.warn(`Vault rejected the ${this.#options.auth.type} token as invalid; logging in again`);
    this.#token = undefined;
    this.#expiresAt = 0;
    this.#watcher?.stop();
    this.#watcher = undefined;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#watcher?.stop();
    this.#unwatchSource?.();
    await this.#login?.catch(() => undefined);
    const token = this.currentToken();
    const owned = this.#owned;
    this.#token = undefined;
    if (token && owned) await this.#revokeSelf(token);
  }

  #sharedLogin(): Promise<string> {
    this.#login ??= this.#doLogin().finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  async #doLogin(): Promise<string> {
    const { auth, transport, logger } = this.#options;
    const ctx: AuthContext = { request: (req) => transport.request(req), logger };
    const result = await auth.login(ctx);
    this.#logins++;
    if (this.#closed) {
      if (result.owned) await this.#revokeSelf(result.token);
      throw new VaultClientClosedError('the Vault client was closed during login');
    }
    this.#install(result);
    return result.token;
  }

  #install(result: AuthLogin): void {
    const { auth, logger } = this.#options;
    this.#watcher?.stop();
    this.#watcher = undefined;
    this.#token = result.token;
    this.#owned = result.owned;
    this.#stale = false;
    this.#expiresAt = result.leaseDurationSec > 0 ? Date.now() + result.leaseDurationSec * 1000 : Infinity;
    logger.info(
      `logged in with ${auth.type}` +
        (result.leaseDurationSec > 0 ? ` (token TTL ${result.leaseDurationSec}s, ${result.renewable ? 'renewable' : 'not renewable'})` : ''),
    );
    if (result.owned && result.leaseDurationSec > 0) this.#watch(result);
    if (auth.watch && !this.#unwatchSource) {
      this.#unwatchSource = auth.watch(() => {
        this.#stale = true;
        logger.info(`the ${auth.type} credential changed; it is re-read on the next request`);
      }, logger);
    }
  }

  #watch(login: AuthLogin): void {
    const token = login.token;
    this.#watcher = watchLease({
      name: 'Vault token',
      lease: { leaseDurationSec: login.leaseDurationSec, renewable: login.renewable },
      renew: login.renewable ? (increment, { timeoutMs }) => this.#renewSelf(token, increment, timeoutMs) : undefined,
      random: this.#options.random,
      logger: this.#options.logger,
      onRenewed: (event) => {
        if (this.#token === token) this.#expiresAt = event.expiresAt;
      },
      onRotate: (event) => this.#relogin(token, event),
      onError: (error) => this.#options.logger.warn(`Vault token renewal failed: ${(error as Error)?.message ?? String(error)}`),
    });
  }

  async #renewSelf(token: string, incrementSec: number | undefined, timeoutMs: number): Promise<LeaseState> {
    const body = await this.#options.transport.request<VaultResponse>({
      method: 'POST',
      path: 'auth/token/renew-self',
      token,
      body: incrementSec ? { increment: `${incrementSec}s` } : {},
      idempotent: true,
      timeoutMs,
    });
    const auth = body?.auth;
    return {
      leaseDurationSec: Number(auth?.lease_duration) || 0,
      renewable: Boolean(auth?.renewable),
      warnings: body?.warnings ?? null,
    };
  }

  /** Logs in again in the background before the current token ends; keeps retrying (1 s doubling to 5 min). */
  #relogin(token: string, event: RotateEvent): void {
    const { logger } = this.#options;
    logger.info(`Vault token needs replacing (${event.reason}); logging in again before it expires`);
    const backoff = new ExponentialBackoff({
      initialMs: this.#options.loginRetryInitialMs ?? 1_000,
      maxMs: this.#options.loginRetryMaxMs ?? 5 * 60_000,
      random: this.#options.random,
    });
    const attempt = () => {
      this.#retryTimer = undefined;
      // Someone else replaced the token already, or it expired: foreground requests log in on demand from here.
      if (this.#closed || this.#token !== token || Date.now() >= this.#expiresAt) return;
      this.#sharedLogin().catch((error: unknown) => {
        const delay = backoff.next();
        logger.warn(`background Vault login failed, retrying in ${delay} ms: ${(error as Error)?.message ?? String(error)}`);
        if (!this.#closed) this.#retryTimer = unrefTimer(attempt, delay);
      });
    };
    attempt();
  }

  async #revokeSelf(token: string): Promise<void> {
    try {
      await this.#options.transport.request({ method: 'POST', path: 'auth/token/revoke-self', token, idempotent: true });
      this.#options.logger.info('revoked the Vault token');
    } catch (error) {
      this.#options.logger.warn(`could not revoke the Vault token on close: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
