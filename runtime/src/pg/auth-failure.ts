/**
 * SQLSTATEs PostgreSQL sends when it refuses a login: 28P01 invalid_password (wrong password, VALID UNTIL passed,
 * role dropped or unknown under password auth) and 28000 invalid_authorization_specification (NOLOGIN role,
 * pg_hba rejection). Both arrive during the startup handshake, before any statement, so a retry cannot repeat work.
 */
const AUTHENTICATION_FAILURES = new Set(['28P01', '28000']);

export function isAuthenticationFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && AUTHENTICATION_FAILURES.has(code);
}
