/**
 * Response wrapping: the original response is kept in the wrapping token's "cubbyhole"; the token is single-use
 * (num_uses 1, policy "response-wrapping"), so the first unwrap returns the response and any later one fails.
 */
import type { WrapInfo } from './envelope.js';
import type { MountEntry, Namespace } from './namespace.js';
import type { TokenStore } from './token-store.js';

interface WrappedResponse {
  body: Record<string, unknown>;
  creationPath: string;
  creationTime: number;
  ttl: number;
}

export const INVALID_WRAPPING_TOKEN = 'wrapping token is not valid or does not exist';

export class WrappingStore {
  private readonly stored = new Map<string, WrappedResponse>();

  constructor(private readonly tokens: TokenStore) {}

  wrap(namespace: Namespace, tokenMount: MountEntry, body: Record<string, unknown>, creationPath: string, ttl: number, wrappedAccessor: string): WrapInfo {
    const { entry } = this.tokens.create({
      namespace,
      mount: tokenMount,
      policies: ['response-wrapping'],
      displayName: '',
      path: creationPath,
      ttl,
      numUses: 1,
      renewable: false,
      wrapping: true,
    });
    const creationTime = entry.creationTime;
    this.stored.set(entry.id, { body, creationPath, creationTime, ttl: entry.ttl });
    return {
      token: entry.id,
      accessor: entry.accessor,
      ttl: entry.ttl,
      creation_time: new Date(creationTime).toISOString(),
      creation_path: creationPath,
      wrapped_accessor: wrappedAccessor,
    };
  }

  isValid(tokenId: string | undefined): boolean {
    const entry = this.tokens.lookup(tokenId);
    return Boolean(entry?.wrapping && this.stored.has(entry.id));
  }

  /** Returns the wrapped response once; the caller's use of the token revokes it afterwards. */
  take(tokenId: string): Record<string, unknown> | undefined {
    const wrapped = this.stored.get(tokenId);
    this.stored.delete(tokenId);
    const entry = this.tokens.lookup(tokenId);
    if (entry) this.tokens.revoke(entry);
    return wrapped?.body;
  }

  lookup(tokenId: string): Record<string, unknown> | undefined {
    const wrapped = this.stored.get(tokenId);
    if (!wrapped) return undefined;
    return {
      creation_path: wrapped.creationPath,
      creation_time: new Date(wrapped.creationTime).toISOString(),
      creation_ttl: wrapped.ttl,
    };
  }

  forget(tokenId: string): void {
    this.stored.delete(tokenId);
  }

  clear(): void {
    this.stored.clear();
  }
}
