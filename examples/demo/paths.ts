// Where the demo finds the repository's parts. Everything is resolved from this file, so the demo and the e2e test
// work from any working directory.
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const exampleDir = fileURLToPath(new URL('../legacy-mcp-server/', import.meta.url));
/** The `mcp-secrets` command as users run it (it needs `npm run build`: it loads dist/). */
export const cliBin = fileURLToPath(new URL('../../bin/mcp-secrets.js', import.meta.url));
export const builtCli = fileURLToPath(new URL('../../dist/lib/cli/index.js', import.meta.url));
export const builtRuntime = fileURLToPath(new URL('../../runtime/dist/esm/index.js', import.meta.url));
export const repoNodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
