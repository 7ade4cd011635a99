// What a Vault token looks like, shared by the code, YAML and MCP-config rules.
// Lengths follow gitleaks' vault-service-token / vault-batch-token rules (hvs. + 90-120 of [\w-], hvb. + 138-300),
// which match the token format Vault has issued since 1.10; hvr. (recovery tokens) uses the service-token range.
// Root tokens are shorter: `vault operator init` prints "Initial Root Token: hvs." + 24 letters and digits, and
// generate-root and dev mode give the same shape (the legacy body under the new prefix); recovery tokens (hvr.),
// which generate-root also issues, are taken to have it too. Like the legacy form, that short body must hold a digit:
// 24 random base62 characters have one 98.5 % of the time, words and camelCase names almost never.
// The legacy pre-1.10 form is "s." + 24 alphanumerics: far too common a shape in ordinary text
// (`s.MaxConnectionBytesPerSec`), so callers may only trust it where the context says "token".

/** hvs./hvr. bodies: a service token's, or a root token's 24 letters and digits with at least one digit. */
const SERVICE_BODY = String.raw`(?:[\w-]{90,120}|(?=[A-Za-z]*\d)[A-Za-z0-9]{24})`;
const MODERN_TOKEN = new RegExp(String.raw`^(?:hvs|hvr)\.${SERVICE_BODY}$|^hvb\.[\w-]{138,300}$`);
const LEGACY_TOKEN = /^s\.[A-Za-z0-9]{24}$/;
const MODERN_TOKEN_INSIDE = new RegExp(String.raw`\b(?:hvs|hvr)\.${SERVICE_BODY}(?![\w-])|\bhvb\.[\w-]{138,300}(?![\w-])`);

export type VaultTokenKind = 'modern' | 'legacy';

/** The kind of Vault token the whole string is, or undefined. A legacy token is only a candidate: check context. */
export function vaultTokenKind(value: string): VaultTokenKind | undefined {
  const trimmed = value.trim();
  if (MODERN_TOKEN.test(trimmed)) return 'modern';
  if (LEGACY_TOKEN.test(trimmed) && /\d/.test(trimmed)) return 'legacy';
  return undefined;
}

/** True when a modern (hvs./hvb./hvr.) token appears anywhere inside a longer string, e.g. a header or a command line. */
export function containsModernVaultToken(value: string): boolean {
  return MODERN_TOKEN_INSIDE.test(value);
}

/** `Bearer <token>` or a bare token, as found in Authorization / X-Vault-Token header values. */
export function stripBearer(value: string): string {
  return value.replace(/^\s*bearer\s+/i, '');
}
