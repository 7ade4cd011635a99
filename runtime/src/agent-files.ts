import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { SecretFileError } from './errors.js';
import { safeLogger, type Logger } from './logger.js';
import { rememberSecretsIn } from './redact.js';
import { watchFileInDirectory } from './watch-file.js';

export type AgentFileFormat = 'auto' | 'dotenv' | 'json';

export interface ReadAgentSecretsOptions {
  /** Default 'auto': JSON for *.json or content starting with '{', dotenv otherwise. */
  format?: AgentFileFormat;
}

/**
 * Reads a file rendered by a Vault Agent template: dotenv (`KEY=VALUE`, parsed by dotenv, so values containing
 * '=' such as base64 passwords stay intact, quotes and comments handled) or JSON. Synchronous, like the
 * readFileSync code it replaces. Errors never quote the file's content.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function readAgentSecrets<T = Record<string, any>>(path: string, options: ReadAgentSecretsOptions = {}): T {
  return parseAgentSecrets<T>(readText(path), path, options.format);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new SecretFileError(`cannot read the secret file ${path}`, { cause: err });
  }
}

function parseAgentSecrets<T>(text: string, path: string, format: AgentFileFormat = 'auto'): T {
  const json = format === 'json' || (format === 'auto' && (extname(path).toLowerCase() === '.json' || /^\s*[{[]/.test(text)));
  let parsed: unknown;
  if (json) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the input, which is a secret: say where, not what.
      throw new SecretFileError(`the secret file ${path} is not valid JSON`);
    }
  } else {
    parsed = parseDotenv(text);
  }
  rememberSecretsIn(parsed);
  return parsed as T;
}

export interface WatchAgentSecretsOptions extends ReadAgentSecretsOptions {
  /** Wait this long after the last change event before reloading (Agent may write in bursts). Default 100 ms. */
  debounceMs?: number;
  /** Also reload on SIGHUP (the signal Agent's `exec`/templating users send). Default false. */
  sighup?: boolean;
  /** Reload or parse failures. Default: a redacted warning on the logger. */
  onError?: (error: Error) => void;
  logger?: Logger;
}

export interface AgentSecretsWatcher<T> {
  /** The last successfully parsed content (undefined if the file could not be read yet). */
  readonly current: T | undefined;
  /** Re-read now (as on SIGHUP). */
  reload(): void;
  close(): void;
}

/**
 * Calls onChange with the parsed content whenever the file's content changes. Watches the directory, because Agent
 * writes a temp file and renames it over the target (a watch on the old inode would go quiet), debounces bursts,
 * skips rewrites with identical content, and keeps the last good content when a reload fails.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function watchAgentSecrets<T = Record<string, any>>(
  path: string,
  onChange: (secrets: T, previous: T | undefined) => void | Promise<void>,
  options: WatchAgentSecretsOptions = {},
): AgentSecretsWatcher<T> {
  const logger = safeLogger(options.logger);
  const report = (error: unknown) => {
    const err = error instanceof Error ? error : new Error(String(error));
    if (options.onError) {
      try {
        options.onError(err);
      } catch {
        // The error handler itself failed; nothing safer to do than to ignore it.
      }
    } else logger.warn(`secret file ${path}: ${err.message}`);
  };

  let lastText: string | undefined;
  let current: T | undefined;
  try {
    lastText = readFileSync(path, 'utf8');
    current = parseAgentSecrets<T>(lastText, path, options.format);
  } catch (error) {
    report(error instanceof SecretFileError ? error : new SecretFileError(`cannot read the secret file ${path}`, { cause: error }));
  }

  const reload = () => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      // Between an unlink and a rename the file can be briefly absent: the rename's own event follows.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      return report(new SecretFileError(`cannot read the secret file ${path}`, { cause: error }));
    }
    if (text === lastText) return;
    let parsed: T;
    try {
      parsed = parseAgentSecrets<T>(text, path, options.format);
    } catch (error) {
      return report(error);
    }
    lastText = text;
    const previous = current;
    current = parsed;
    try {
      const result = onChange(parsed, previous);
      if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(report);
    } catch (error) {
      report(error);
    }
  };

  const handle = watchFileInDirectory(path, reload, { debounceMs: options.debounceMs ?? 100, logger });
  const onSighup = () => reload();
  if (options.sighup) process.on('SIGHUP', onSighup);
  return {
    get current() {
      return current;
    },
    reload,
    close() {
      handle.close();
      if (options.sighup) process.off('SIGHUP', onSighup);
    },
  };
}
