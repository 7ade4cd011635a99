// Which names hold credentials. Shared by every rule that judges a name: env vars (UPPER_SNAKE), manifest keys,
// and JS identifiers (camelCase / snake_case). The aim is precision: `tokenPath`, `maxTokens`, `pageToken` and
// `VAULT_TOKEN_FILE` name things that are not secrets.

/** Words that, as the last word of a name, make it a credential. */
export const CREDENTIAL_NOUNS: ReadonlySet<string> = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'creds',
]);

/**
 * What cheap text tests (source gates, the getter pre-check) look for: every name isCredentialName accepts contains
 * one of these stems or a qualified `key` (apiKey, private_key); source-gate.test checks it for every noun and pair.
 */
export const CREDENTIAL_STEMS: readonly string[] = ['pass', 'pwd', 'secret', 'token', 'cred'];

/** Two-word endings that are credentials although their last word alone is not (`api_key`, `secret_id`). */
export const CREDENTIAL_PAIRS: ReadonlySet<string> = new Set([
  'api key',
  'secret id',
  'private key',
  'access key',
  'secret key',
  'signing key',
  'encryption key',
  'master key',
  'auth key',
  'client secret',
  'session key',
]);

/** Words that, before a credential noun, make it something else: a pagination cursor, a cancellation signal... */
const NOT_A_CREDENTIAL_BEFORE = new Set([
  'page',
  'cursor',
  'continuation',
  'resumption', // an SSE resumption token is an event id
  'next',
  'prev',
  'previous',
  'sync',
  'cancellation',
  'cancel',
  'abort',
  'idempotency',
  'csrf',
  'xsrf',
  'max',
  'min',
  'num',
  'total',
  'count',
  'input',
  'output',
  'completion',
  'prompt',
  'reset', // reset_password is usually a URL or a flag
  'forgot',
  'show',
  'hide',
  'confirm',
]);

/**
 * True when a callback slot's name says its `noun` argument is not a credential: `onresumptiontoken`,
 * `onPageToken`, `on_next_token`. Event-handler names are often all lower case, so the qualifier is found at the
 * end of the text before the noun rather than as a camel-case word.
 */
export function slotQualifiesAway(slotName: string, noun: string): boolean {
  const lower = slotName.toLowerCase().replace(/^on/, '');
  if (!lower.endsWith(noun)) return false;
  const qualifier = lower.slice(0, lower.length - noun.length).replace(/[_-]+$/, '');
  for (const word of NOT_A_CREDENTIAL_BEFORE) if (qualifier.endsWith(word)) return true;
  return false;
}

/** First words that make a name a question or a flag about a secret, not the secret (`hasPassword`, `isToken`). */
const PREDICATE_PREFIXES = new Set(['is', 'has', 'should', 'use', 'with', 'without', 'needs', 'require', 'requires', 'no']);

/** Splits `clientToken`, `client_token`, `CLIENT-TOKEN`, `APIKey` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * True when the name's last word (or last two words) is a credential noun and nothing about the name says it is
 * something else. Works for identifiers, object keys and env names alike.
 */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  const beforeLast = words.length > 1 ? words[words.length - 2] : undefined;
  if (PREDICATE_PREFIXES.has(words[0]) && words.length > 1) return false;
  if (beforeLast && CREDENTIAL_PAIRS.has(`${beforeLast} ${last}`)) return true;
  // `API_KEY`, `apiKey` and `apikey` all count.
  if (last === 'key' && beforeLast === 'api') return true;
  if (!CREDENTIAL_NOUNS.has(last)) return false;
  if (beforeLast && NOT_A_CREDENTIAL_BEFORE.has(beforeLast)) return false;
  // A bare `pass` is too often a verb or a test status; only count it with a qualifier (`DB_PASS`, `dbPass`).
  if (last === 'pass' && !beforeLast) return false;
  return true;
}

/** Env names that name a credential (`*_PASSWORD`, `*_TOKEN`, `PGPASSWORD`, `VAULT_DEV_ROOT_TOKEN_ID`...). */
export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  if (WELL_KNOWN_SECRET_ENV.has(upper)) return true;
  return isCredentialName(name);
}

/** Env vars whose names do not end in a credential noun but that always hold one. */
const WELL_KNOWN_SECRET_ENV = new Set([
  'PGPASSWORD',
  'VAULT_DEV_ROOT_TOKEN_ID',
  'BAO_DEV_ROOT_TOKEN_ID',
  'VAULT_WRAPPED_SECRET_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'MYSQL_ROOT_PASSWORD',
  'GITHUB_PAT',
  'NPM_AUTH_TOKEN',
]);

/** VAULT_TOKEN / BAO_TOKEN in any case; VAULT_TOKEN_FILE and friends are paths, not tokens. */
export function isVaultTokenEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return upper === 'VAULT_TOKEN' || upper === 'BAO_TOKEN';
}

/** Env names that hold a connection URL (which may embed a password). */
export function isConnectionUrlEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return /(?:^|_)(?:DATABASE|DB|POSTGRES|POSTGRESQL|PG|MYSQL|MONGO|MONGODB|REDIS|AMQP|RABBITMQ)_?(?:URL|URI|DSN)$/.test(upper) ||
    upper === 'DATABASE_URL' || upper === 'CONNECTION_STRING';
}
