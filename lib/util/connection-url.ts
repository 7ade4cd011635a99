// Connection URLs (postgres://user:password@host/db and friends), parsed with WHATWG URL, never by hand.

const CREDENTIAL_SCHEMES = new Set([
  'postgres:',
  'postgresql:',
  'mysql:',
  'mariadb:',
  'mongodb:',
  'mongodb+srv:',
  'redis:',
  'rediss:',
  'amqp:',
  'amqps:',
  'mssql:',
  'sqlserver:',
  'http:',
  'https:',
  'ftp:',
  'ldap:',
  'ldaps:',
]);

/** Values that only stand in for a password in docs and templates. */
const PLACEHOLDER_PASSWORDS = /^(?:\*+|x+|password|pass|secret|changeme|change-me|change_me|example|placeholder|redacted|<[^>]*>|\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|%[^%]*%|\$[A-Za-z_][A-Za-z0-9_]*)$/i;

export interface UrlCredentials {
  scheme: string;
  username: string;
  /** The decoded password; callers must never print it. */
  password: string;
}

/** The credentials embedded in a connection URL, or undefined when there is no real password in it. */
export function urlCredentials(text: string): UrlCredentials | undefined {
  const trimmed = text.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!CREDENTIAL_SCHEMES.has(url.protocol)) return undefined;
  if (!url.password) return undefined;
  let password: string;
  try {
    password = decodeURIComponent(url.password);
  } catch {
    password = url.password;
  }
  if (isPlaceholderSecret(password)) return undefined;
  return { scheme: url.protocol.slice(0, -1), username: decodeURIComponent(url.username), password };
}

/** True for empty values and the usual stand-ins: `${VAR}`, `$(VAR)`, `{{ .Values.x }}`, `<your-token>`, `changeme`. */
export function isPlaceholderSecret(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (PLACEHOLDER_PASSWORDS.test(trimmed)) return true;
  // Whole-value templates with text around them still stand in for a value supplied elsewhere.
  if (/^\$\{[^}]+\}$|^\{\{.*\}\}$/.test(trimmed)) return true;
  if (/^(?:your|my|insert|enter|replace)[-_ ]?/i.test(trimmed) && /(?:here|token|password|secret|key)$/i.test(trimmed)) return true;
  return false;
}

/** The `sslmode` of a postgres URL (lower case), if it sets one. */
export function sslMode(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return undefined;
    return url.searchParams.get('sslmode')?.toLowerCase() ?? undefined;
  } catch {
    return undefined;
  }
}
