import { redact, redactValue } from './redact.js';

/** Where the runtime reports background events (renewals, re-logins, outages). Compatible with pino/winston/console. */
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** The default: warnings and errors on stderr, debug/info dropped. */
export const consoleLogger: Logger = {
  warn: (message, meta) => (meta ? console.warn(message, meta) : console.warn(message)),
  error: (message, meta) => (meta ? console.error(message, meta) : console.error(message)),
};

export const silentLogger: Logger = { warn() {}, error() {} };

export type SafeLogger = Required<Logger> & { readonly [SAFE]: true };
const SAFE = Symbol('mcp-secrets-runtime.safeLogger');

/**
 * Wraps a logger so every message and meta value is redacted before it leaves the runtime, and a throwing
 * logger can never break a renewal loop.
 */
export function safeLogger(logger: Logger | undefined = consoleLogger): SafeLogger {
  if ((logger as Partial<SafeLogger>)[SAFE]) return logger as SafeLogger;
  const call = (fn: ((m: string, meta?: Record<string, unknown>) => void) | undefined) =>
    (message: string, meta?: Record<string, unknown>) => {
      if (!fn) return;
      try {
        if (meta === undefined) fn.call(logger, `[mcp-secrets-runtime] ${redact(message)}`);
        else fn.call(logger, `[mcp-secrets-runtime] ${redact(message)}`, redactValue(meta) as Record<string, unknown>);
      } catch {
        // A broken logger must not take a background renewal down with it.
      }
    };
  return {
    debug: call(logger.debug),
    info: call(logger.info),
    warn: call(logger.warn),
    error: call(logger.error),
    [SAFE]: true,
  };
}
