import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root package.json, found by walking up: this file runs from lib/ in tests and from dist/lib/ once built. */
function readOwnPackageJson(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'eslint-plugin-mcp-secrets') return { name: pkg.name, version: pkg.version ?? '0.0.0' };
    } catch {
      // no package.json at this level: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'eslint-plugin-mcp-secrets', version: '0.0.0' };
    dir = parent;
  }
}

export const packageInfo = readOwnPackageJson();
