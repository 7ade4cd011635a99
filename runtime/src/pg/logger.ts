/**
 * The logging the pool needs. Structurally compatible with console, pino and the runtime's Vault client logger.
 * Messages carry lease ids and PostgreSQL user names, never passwords.
 */
export interface PoolLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn(message: string): void;
  error?(message: string): void;
}

export const consoleLogger: PoolLogger = {
  warn: (message) => console.warn(`[mcp-secrets-runtime] ${message}`),
  error: (message) => console.error(`[mcp-secrets-runtime] ${message}`),
};
