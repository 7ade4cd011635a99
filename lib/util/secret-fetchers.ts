// Which calls fetch a secret: shared by the no-module-scope-secret rule and the module-secret-to-cache codemod, so
// what the rule reports is what the codemod migrates.
import { CREDENTIAL_STEMS, isCredentialName, nameWords } from './secret-names.js';

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
const VERB = [...FETCH_VERBS].join('|');
/** What every credential name secret-names accepts contains (a stem, or `key` ending a pair). */
const NOUN = [...CREDENTIAL_STEMS, 'key'].join('|');

/**
 * A cheap look before nameWords: a fetch verb first (after separators nameWords drops), a credential noun later.
 * The noun may follow the verb directly (`getToken`, `loadCredentials`); until 2026-11-26 this asked for a character
 * between them and so turned down `getPassword()`, `getToken()` and the documented `loadCredentials()`.
 */
const LOOKS_LIKE_GETTER = new RegExp(`^[\\s_.-]*(?:${VERB}).*?(?:${NOUN})`, 'i');

/**
 * `getDbPassword`, `fetchApiKey`, `readVaultToken`, `getToken`, `loadCredentials`: a fetch verb and then a name that
 * is a credential (secret-names' judgement, so `getPageToken` and `getTokenCount` are not).
 */
export function isCredentialGetterName(name: string): boolean {
  // A cheap look first: this is asked about every call in a file.
  if (!LOOKS_LIKE_GETTER.test(name)) return false;
  const words = nameWords(name);
  if (words.length < 2 || !FETCH_VERBS.has(words[0])) return false;
  return isCredentialName(words.slice(1).join('_'));
}

/**
 * A fetch verb where a name starts (not after a letter, digit, `$` or non-ASCII character, which would make it a later
 * word of the name), and the rest of that name (identifier characters, and `-` for string keys).
 */
const GETTER_CANDIDATE = new RegExp(`(?<![a-z0-9$\\u0080-\\uffff])(?:${VERB})[\\w$\\u0080-\\uffff-]*`, 'gi');

/**
 * Whether `text` spells a name isCredentialGetterName accepts, as an identifier or a string key: source gates and
 * the codemod ask this so that a file without one is skipped. Each candidate is judged as the rule would judge it, so
 * the `getTokenBefore()` calls of every ESLint rule do not let a file through.
 */
export function mentionsCredentialGetter(text: string): boolean {
  GETTER_CANDIDATE.lastIndex = 0;
  for (let match = GETTER_CANDIDATE.exec(text); match; match = GETTER_CANDIDATE.exec(text)) {
    const name = match[0];
    // `getDbPassword-x` is the name getDbPassword in a subtraction; `'get-db-password'` a string key.
    const dash = name.indexOf('-');
    if (isCredentialGetterName(name) || (dash > 0 && isCredentialGetterName(name.slice(0, dash)))) return true;
  }
  return false;
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
