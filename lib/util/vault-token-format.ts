// What a Vault token looks like, shared by the code, YAML and MCP-config rules.
// Lengths follow gitleaks' vault-service-token / vault-batch-token rules (hvs. + 90-120 of [\w-], hvb. + 138-300),
// which match the token format Vault has issued since 1.10; hvr. (recovery tokens) uses the service-token range.
// The legacy pre-1.10 form is "s." + 24 alphanumerics: far too common a shape in ordinary text
// (`s.MaxConnectionBytesPerSec`), so callers may only trust it where the context says "token".

const MODERN_TOKEN = /^(?:hvs|hvr)\.[\w-]{90,120}$|^hvb\.[\w-]{138,300}$/;
const LEGACY_TOKEN = /^s\.[A-Za-z0-9]{24}$/;
const MODERN_TOKEN_INSIDE = /\b(?:hvs|hvr)\.[\w-]{90,120}(?![\w-])|\bhvb\.[\w-]{138,300}(?![\w-])/;

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
