// Which calls fetch a secret: shared by the no-module-scope-secret rule and the module-secret-to-cache codemod, so
// what the rule reports is what the codemod migrates.
import { isCredentialName, nameWords } from './secret-names.js';

/** Callee names (the last name segment: `fetchSecret()`, `secrets.getSecret()`) that fetch a secret by default. */
export const DEFAULT_SECRET_FETCHERS: readonly string[] = [
  'getSecret',
  'getSecrets',
  'fetchSecret',
  'fetchSecrets',
  'readSecret',
  'readSecrets',
  'loadSecret',
  'loadSecrets',
  'resolveSecret',
  'retrieveSecret',
  'getSecretValue', // AWS SDK v2 SecretsManager, Azure
  'accessSecretVersion', // Google Secret Manager
];

/** Verbs that, followed by a credential noun, name a getter: `getDbPassword`, `fetchApiKey`, `loadCredentials`. */
const FETCH_VERBS = new Set(['get', 'fetch', 'read', 'load', 'resolve', 'retrieve', 'lookup', 'request', 'obtain', 'acquire']);

const LOOKS_LIKE_GETTER = /^(?:get|fetch|read|load|resolve|retrieve|lookup|request|obtain|acquire)[A-Z_].*(?:pass|pwd|secret|token|key|cred)/i;

/**
 * LOOKS_LIKE_GETTER as it can appear in source text, inside a name or the string of a computed member:
 * source gates test it so that a file without any getter-like name is skipped.
 */
export const GETTER_IN_TEXT = /(?:get|fetch|read|load|resolve|retrieve|lookup|request|obtain|acquire)[a-z_][\w$\u0080-\uffff]*?(?:pass|pwd|secret|token|key|cred)/i;

/**
 * `getDbPassword`, `fetchApiKey`, `readVaultToken`, `loadCredentials`: a fetch verb and then a name that is a
 * credential (secret-names' judgement, so `getPageToken` and `getTokenCount` are not).
 */
export function isCredentialGetterName(name: string): boolean {
  // A cheap look first: this is asked about every call in a file.
  if (!LOOKS_LIKE_GETTER.test(name)) return false;
  const words = nameWords(name);
  if (words.length < 2 || !FETCH_VERBS.has(words[0])) return false;
  return isCredentialName(words.slice(1).join('_'));
}

/**
 * How surely a Vault path names a secret: 'strong' for KV mounts (`secret/`, `kv/`) and dynamic credentials
 * (`<mount>/creds/<role>`), which only Vault uses; 'weak' for `<mount>/data/...` (KV v2 under another mount name),
 * which is only trusted on a recognised Vault client. `prefix` may be the static start of a template.
 */
export function vaultSecretPathKind(prefix: string): 'strong' | 'weak' | undefined {
  const path = prefix.replace(/^\/?(?:v1\/)?/, '');
  if (/^(?:secret|kv|kv-v2|kv2)\//.test(path)) return 'strong';
  if (/^[\w.-]+\/creds\//.test(path)) return 'strong';
  if (/^[\w.-]+\/(?:data)\//.test(path)) return 'weak';
  return undefined;
}
