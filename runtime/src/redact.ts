// Defensive redaction for everything the runtime writes into an error message, a log line or inspect() output.
// The runtime never builds such text from a secret on purpose; this catches what slips in from elsewhere
// (a Vault error string, a peer's message, a user-supplied path) before it reaches a log aggregator.

export const REDACTED = '[REDACTED]';

// Token shapes Vault issues: service/batch/recovery tokens (hvs./hvb./hvr.) and legacy s./b. tokens of 24 chars.
const VAULT_TOKEN = /\bhv[sbr]\.[A-Za-z0-9_-]{20,}|\b[sb]\.[A-Za-z0-9]{24}\b/g;
// secret_ids, wrapping accessors and legacy tokens are UUIDs; no UUID the runtime prints is worth the risk.
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
// A JWT (a Kubernetes ServiceAccount token): three base64url parts, the first starting with '{"' encoded.
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
// key=value (query strings, env dumps) and "key": "value" (JSON) pairs whose key names a credential. Prose such as
// "secret_id: refusing it" or "VAULT_TOKEN: a static token" is left alone: the key must stand alone and the value
// must be joined by '=' or be a quoted JSON value.
const CREDENTIAL_KEY = '(?:client_token|wrapping_token|secret_id|password|passwd|secret|token|api_?key|jwt)';
const CREDENTIAL_PAIR = new RegExp(
  `(\\b${CREDENTIAL_KEY}=|"${CREDENTIAL_KEY}"\\s*:\\s*")([^"\\s,;}&]{4,})`,
  'gi',
);
// userinfo in a URL: scheme://user:password@host
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)([^@\s/]+)(@)/gi;

const MAX_KNOWN = 2_000;
const MIN_KNOWN_LENGTH = 6;
const known = new Set<string>();

/**
 * Remember a secret string (a token, secret_id, password, secret value) so that `redact` removes it wherever it
 * appears later. Bounded: the oldest entries are forgotten first.
 */
export function rememberSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < MIN_KNOWN_LENGTH || known.has(value)) return;
  known.add(value);
  if (known.size > MAX_KNOWN) {
    const oldest = known.values().next().value;
    if (oldest !== undefined) known.delete(oldest);
  }
}

// Keys of a secret payload that identify rather than authenticate: a database username must stay readable in
// "credentials of user v-app-... expired" messages, an accessor or role_id is not a credential.
const IDENTIFIER_KEY = /^(?:username|user|user_name|role_id|[a-z_]*accessor)$/i;

/** Remember every string leaf of a secret payload (a Vault response's `data`), except identifier keys. */
export function rememberSecretsIn(value: unknown, depth = 0): void {
  if (depth > 4 || value === null || value === undefined) return;
  if (typeof value === 'string') return rememberSecret(value);
  if (typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (!IDENTIFIER_KEY.test(key)) rememberSecretsIn(item, depth + 1);
  }
}

/** Text with every token-, secret- or credential-shaped part replaced by [REDACTED]. */
export function redact(text: string): string {
  let out = text
    .replace(URL_PASSWORD, `$1${REDACTED}$3`)
    .replace(VAULT_TOKEN, REDACTED)
    .replace(JWT, REDACTED)
    .replace(UUID, REDACTED)
    .replace(CREDENTIAL_PAIR, (_m, key: string, value: string) => (value === REDACTED ? key + value : key + REDACTED));
  if (known.size > 0) {
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

const SECRET_KEY = /^(?:client_token|token|wrapping_token|secret_id|password|passwd|secret|jwt|api_?key|authorization|x-vault-token)$/i;

/** A copy of a log/meta value that is safe to print: errors reduced to name/message, credential keys dropped. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[Object]';
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redact(value.message) };
    for (const key of ['status', 'path', 'code'] as const) {
      const v = (value as unknown as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = redactValue(v, depth + 1);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}
