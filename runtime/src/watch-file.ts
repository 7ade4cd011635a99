import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { SafeLogger } from './logger.js';

export interface FileWatchHandle {
  close(): void;
}

/**
 * Calls onChange (debounced) when a file may have changed. Watches the directory, not the file: Vault Agent writes
 * a temp file and renames it over the target, and Kubernetes swaps a `..data` symlink, so the inode a file watch
 * would follow is replaced, and the event may name the temp file or the symlink rather than the target. So any
 * event in the directory triggers a (debounced) check, and callers compare contents before acting.
 */
export function watchFileInDirectory(
  filePath: string,
  onChange: () => void,
  options: { debounceMs?: number; logger: SafeLogger },
): FileWatchHandle {
  const debounceMs = options.debounceMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const trigger = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onChange();
    }, debounceMs);
    timer.unref();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(filePath), { persistent: false }, trigger);
    watcher.on('error', (err) => options.logger.warn(`stopped watching ${filePath}: ${err.message}`));
  } catch (err) {
    options.logger.warn(`cannot watch ${filePath}: ${(err as Error).message}`);
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
