/** Identifiers shaped like Vault's: base62 token and lease suffixes, UUIDs for accessors and request ids. */
import { randomInt, randomUUID } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

export const uuid = (): string => randomUUID();

/** A service token ("hvs." + 24 base62), suffixed with the namespace id outside the root namespace. */
export function newTokenId(namespaceId: string): string {
  return withNamespace(`hvs.${base62(24)}`, namespaceId);
}

export function withNamespace(id: string, namespaceId: string): string {
  return namespaceId === 'root' ? id : `${id}.${namespaceId}`;
}
