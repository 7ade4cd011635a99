// The package is "type": "module"; the CommonJS build needs its own package.json so Node reads dist/cjs/*.js as CJS.
import { writeFileSync } from 'node:fs';
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), JSON.stringify({ type: 'commonjs' }) + '\n');
