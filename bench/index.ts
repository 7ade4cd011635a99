// `npm run bench`: every benchmark of the project, each compared with its baseline in the same run (ratios, not
// absolute times: these machines are noisy). Run one with `npm run bench -- <name>` (lint, manifests, ...).
import { existsSync } from 'node:fs';

interface Bench {
  name: string;
  file: string;
  exportName: string;
  what: string;
}

const BENCHES: Bench[] = [
  { name: 'lint', file: './lint.bench.ts', exportName: 'benchLint', what: 'code rules vs parse-only and eslint-plugin-no-secrets' },
  { name: 'manifests', file: './manifests.bench.ts', exportName: 'benchManifests', what: 'YAML/JSON rules vs parse-only' },
  { name: 'secret-cache', file: './secret-cache.bench.ts', exportName: 'benchSecretCache', what: 'SecretCache vs a Map' },
  { name: 'dynamic-pg-pool', file: './dynamic-pg-pool.bench.ts', exportName: 'benchDynamicPgPool', what: 'DynamicPgPool vs pg.Pool' },
  { name: 'migrate', file: './migrate.bench.ts', exportName: 'benchMigrate', what: 'migrate --dry vs jscodeshift identity' },
];

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const selected = only.length ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
  if (only.length && selected.length !== only.length) {
    process.stderr.write(`unknown benchmark; choose from: ${BENCHES.map((b) => b.name).join(', ')}\n`);
    return 2;
  }
  let failed = 0;
  for (const bench of selected) {
    process.stdout.write(`\n== ${bench.name}: ${bench.what}\n`);
    if (!existsSync(new URL(bench.file, import.meta.url))) {
      process.stdout.write(`   missing: bench/${bench.file.slice(2)}\n`);
      failed++;
      continue;
    }
    try {
      const mod = (await import(bench.file)) as Record<string, () => Promise<Record<string, unknown>>>;
      const result = await mod[bench.exportName]();
      for (const [key, value] of Object.entries(result)) process.stdout.write(`   ${key}: ${format(value)}\n`);
    } catch (error) {
      failed++;
      process.stdout.write(`   FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed ? 1 : 0;
}

function format(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

process.exitCode = await main();
