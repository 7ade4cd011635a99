import type { VaultRequest } from '../http.js';
import type { SafeLogger } from '../logger.js';

/** What an auth method may use while logging in. */
export interface AuthContext {
  /** Sends a request without the client token (logins; an unwrap passes the wrapping token itself). */
  request<T>(req: VaultRequest): Promise<T | undefined>;
  logger: SafeLogger;
}

/** The outcome of a login. */
export interface AuthLogin {
  token: string;
  /** Seconds the token lives (0 = does not expire, or unknown: the Agent manages it). */
  leaseDurationSec: number;
  renewable: boolean;
  /** The client created this token, so it renews it and revokes it on close. False for Agent and static tokens. */
  owned: boolean;
  accessor?: string;
  policies?: string[];
}

/** How the client obtains its Vault token. Create one with appRole(), kubernetesAuth(), tokenFile() or authFromEnv(). */
export interface AuthMethod {
  /** e.g. "approle", "kubernetes", "token-file", "token". */
  readonly type: string;
  login(ctx: AuthContext): Promise<AuthLogin>;
  /** Calls onChange when the credential source changed (a token file rewritten); returns an unsubscribe function. */
  watch?(onChange: () => void, logger: SafeLogger): () => void;
}
