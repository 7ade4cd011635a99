// Judges one configuration value (a YAML scalar, a JSON string, a `K=V` entry) given the name it is stored under.
// Shared by the manifest and MCP-config rules, so both agree on what a literal secret is and what merely refers to one.
import { isPlaceholderSecret, urlCredentials } from './connection-url.js';
import { isSecretEnvName, isVaultTokenEnvName, nameWords } from './secret-names.js';
import { containsModernVaultToken, vaultTokenKind } from './vault-token-format.js';

export type SecretKind = 'vaultToken' | 'vaultTokenVariable' | 'urlPassword' | 'privateKey' | 'secretValue';

export interface SecretFinding {
  kind: SecretKind;
  /** The variable, key, flag or header the value is stored under (never the value itself). */
  name?: string;
  /** For `urlPassword`: the user whose password the URL carries. */
  user?: string;
}

/**
 * `${VAR}`, `${input:id}`, `${env:VAR}`, `${{ secrets.X }}`, `$(VAR)`, `{{ .Values.x }}`, `$VAR`, `%(name)s`, and a
 * whole-value `{name}` (format strings, URI templates): the value comes from elsewhere.
 */
const REFERENCE = /\$\{[^}]*\}|\$\([^)]*\)|\{\{.*?\}\}|\$[A-Za-z_][A-Za-z0-9_]*|%\([\w.-]+\)s|^\{[A-Za-z_][\w.-]*\}$/s;

/**
 * Values that are switches, modes or permissions, not credentials (`vault.hashicorp.com/agent-inject-token: "true"`,
 * GitHub Actions' `permissions: { id-token: write }`).
 */
const NOT_A_SECRET_WORDS = new Set([
  'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'enabled', 'disabled', 'enable', 'disable',
  'none', 'null', 'nil', 'required', 'optional', 'auto', 'default', 'read', 'write', 'read-all', 'write-all',
]);

/** References into a secret store rather than the secret: 1Password, vals, AWS, GCP Secret Manager, Vault paths with a scheme. */
const SECRET_STORE_REFERENCE = /^(?:op:\/\/|ref\+[a-z0-9]+:\/\/|vault:|arn:aws:(?:secretsmanager|ssm):|projects\/[^/]+\/secrets\/|secretref:)/i;

/** Values encrypted at rest in the file: SOPS (`ENC[AES256_GCM,...]`) and Ansible Vault. */
const ENCRYPTED = /^(?:ENC\[[A-Z0-9_]+,data:|\$ANSIBLE_VAULT;)/;

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

/**
 * `isSecretEnvName`, memoised: manifests repeat the same few hundred keys (`image`, `name`, `value`, `port`...) across
 * thousands of files, and splitting a name into words is the costliest part of judging a pair.
 */
const secretNameCache = new Map<string, boolean>();
function namesASecret(name: string): boolean {
  let known = secretNameCache.get(name);
  if (known === undefined) {
    if (secretNameCache.size >= 10_000) secretNameCache.clear();
    known = isSecretEnvName(name);
    secretNameCache.set(name, known);
  }
  return known;
}

/** True when the value (or part of it) is a reference to something supplied at run time. */
export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

/**
 * Helm and operator values name *where* a secret lives (`existingSecret: my-db-secret`), not the secret itself.
 * Keys with a `/` are annotations or labels (`vault.hashicorp.com/agent-inject-token`), which configure injection.
 */
function namesASecretHolder(name: string): boolean {
  if (name.includes('/')) return true;
  const words = nameWords(name);
  return words[0] === 'existing';
}

/** A file path: `token: /var/run/secrets/kubernetes.io/serviceaccount/token` says where a secret is, not what it is. */
function looksLikePath(value: string): boolean {
  return /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\|file:)/.test(value);
}

/** Labels and sentences (`password: "Enter your password"` in a locale file); `Bearer abc` is still a credential. */
function looksLikeProse(value: string): boolean {
  return /\s/.test(value) && !/^(?:bearer|basic|token|digest)\s+\S+$/i.test(value);
}

/** Shortest string that can hold a modern token: a root token, `hvs.` and 24 characters. */
const MIN_MODERN_TOKEN_LENGTH = 28;

/**
 * The finding that does not depend on the name: a Vault token, a URL with a password, a private key. Every scalar of
 * every manifest passes through here, so each check is guarded by a substring test that rejects ordinary values
 * without running a regular expression.
 */
export function judgeValueAlone(value: string): SecretFinding | undefined {
  if (value.length >= MIN_MODERN_TOKEN_LENGTH && value.includes('hv') && containsModernVaultToken(value)) return { kind: 'vaultToken' };
  if (value.includes('@') && value.includes('://')) {
    const credentials = urlCredentials(value);
    if (credentials) return { kind: 'urlPassword', user: credentials.username };
  }
  if (value.includes('PRIVATE KEY') && PRIVATE_KEY.test(value)) return { kind: 'privateKey' };
  return undefined;
}

/**
 * Judges `value` stored under `name` (an env var, a mapping key, a flag, a header). Undefined when the value is
 * fine: empty, a placeholder, a reference, a path, a switch, or not under a secret name and not a secret by shape.
 */
export function judgeNamedValue(name: string | undefined, value: string): SecretFinding | undefined {
  const byShape = judgeValueAlone(value);
  if (byShape) return name === undefined ? byShape : { ...byShape, name };
  if (name === undefined) return undefined;
  const vaultTokenVariable = isVaultTokenEnvName(name);
  if (!vaultTokenVariable && (!namesASecret(name) || namesASecretHolder(name))) return undefined;
  const trimmed = value.trim();
  if (isReference(trimmed) || isPlaceholderSecret(trimmed) || ENCRYPTED.test(trimmed)) return undefined;
  if (vaultTokenVariable) return { kind: 'vaultTokenVariable', name };
  // A legacy `s.` token is only trusted where the name says token, which is exactly here.
  if (vaultTokenKind(trimmed) === 'legacy' && /token/i.test(name)) return { kind: 'vaultToken', name };
  if (NOT_A_SECRET_WORDS.has(trimmed.toLowerCase())) return undefined;
  if (looksLikePath(trimmed) || looksLikeProse(trimmed) || SECRET_STORE_REFERENCE.test(trimmed)) return undefined;
  return { kind: 'secretValue', name };
}
