// Find and fix: scan, preview the migration, apply it, scan again.
import { findMarkers, migrateDryRun, migrateForReal, type Marker } from '../migrate.js';
import { describeFindings, scanProject, type Finding, type ScanResult } from '../scan.js';
import { check, type Say, type StepResult } from '../step.js';
import type { Workspace } from '../workspace.js';
import { SERVER_ENTRY } from './shared.js';

/** The code rules whose findings the codemods remove: after `migrate`, the code must have none of these. */
export const MIGRATED_RULES = [
  'mcp-secrets/no-static-vault-token',
  'mcp-secrets/no-static-db-credentials',
  'mcp-secrets/no-module-scope-secret',
];
/** Rules that must find something in the legacy example: one per way it leaks a credential. */
export const EXPECTED_RULES_BEFORE = [
  ...MIGRATED_RULES,
  'mcp-secrets/no-secret-in-manifest',
  'mcp-secrets/no-secret-in-mcp-config',
];

export async function scanBefore(workspace: Workspace, say: Say): Promise<StepResult & { scan: ScanResult }> {
  const scan = await scanProject(workspace.dir);
  describeFindings(scan).forEach(say);
  check(scan.exitCode === 1, `mcp-secrets scan exited with ${scan.exitCode}, expected 1 (findings)`);
  const parseErrors = scan.findings.filter((f) => f.ruleId === 'parse-error');
  check(parseErrors.length === 0, `scan could not parse ${parseErrors.map((f) => f.file).join(', ')}`);
  for (const kind of ['code', 'YAML', 'MCP config'] as const) {
    check(scan.byKind[kind] > 0, `scan found nothing in the ${kind} files of the legacy example`);
  }
  const found = new Set(scan.findings.map((f) => f.ruleId));
  const missing = EXPECTED_RULES_BEFORE.filter((rule) => !found.has(rule));
  check(missing.length === 0, `scan did not report ${missing.join(', ')}`);
  const { code, YAML, 'MCP config': mcp } = scan.byKind;
  return {
    summary: `${scan.findings.length} findings: ${code} in code, ${YAML} in docker-compose.yml, ${mcp} in .mcp.json`,
    scan,
  };
}

export async function previewMigration(workspace: Workspace, say: Say): Promise<StepResult & { diff: string }> {
  const result = await migrateDryRun(workspace.dir);
  const diff = result.stdout;
  say(diff.trimEnd());
  check(/^\+\+\+ .*server\.js/m.test(diff), 'migrate --dry --diff printed no diff for src/server.js');
  check(diff.includes('mcp-secrets-runtime'), 'the diff does not import mcp-secrets-runtime');
  const changed = await workspace.changedFiles();
  check(changed.length === 0, `migrate --dry wrote to the tree: ${changed.join(', ')}`);
  return { summary: 'migrate --dry --diff showed the rewrite and wrote nothing', diff };
}

export async function applyMigration(
  workspace: Workspace,
  say: Say,
): Promise<StepResult & { changed: string[]; markers: Marker[]; output: string }> {
  const result = await migrateForReal(workspace.dir);
  result.stdout.trim().split('\n').forEach((line) => say(line));
  const changed = await workspace.changedFiles();
  check(changed.some((line) => line.endsWith(SERVER_ENTRY)), 'migrate did not change src/server.js');
  const markers = (await findMarkers(workspace.dir)).list;
  say('(this copy resolves mcp-secrets-runtime from the repository: its node_modules links to the repository\'s)');
  return { summary: `migrate rewrote ${changed.length} file(s), ${markers.length} marker(s) left`, changed, markers, output: result.stdout };
}

/**
 * What the codemods leave to a human: credentials in manifests and MCP configs (they rewrite code only), and the
 * statements they marked. A finding of a migrated rule anywhere else in the code means the migration missed it.
 */
export async function scanAfter(
  workspace: Workspace,
  before: ScanResult,
  say: Say,
): Promise<StepResult & { scan: ScanResult; markers: Marker[]; atMarkers: Finding[] }> {
  const scan = await scanProject(workspace.dir);
  const markers = await findMarkers(workspace.dir);
  const migrated = scan.findings.filter((f) => MIGRATED_RULES.includes(f.ruleId));
  const missed = migrated.filter((f) => !markers.covers(f.file, f.line));
  check(
    missed.length === 0,
    `after migrate, the code still has ${missed.map((f) => `${f.ruleId} at ${f.file}:${f.line}`).join('; ')} (no marker there)`,
  );
  const atMarkers = migrated.filter((f) => markers.covers(f.file, f.line));
  const manifestsBefore = before.byKind.YAML + before.byKind['MCP config'];
  const manifestsAfter = scan.byKind.YAML + scan.byKind['MCP config'];
  check(manifestsAfter === manifestsBefore, `manifest findings changed from ${manifestsBefore} to ${manifestsAfter}`);
  describeFindings(scan).forEach(say);
  say('Left for a human:');
  for (const marker of markers.list) say(`  ${marker.file}:${marker.line}  ${marker.text}`);
  say(`  docker-compose.yml and .mcp.json: ${manifestsAfter} literal credential(s) (codemods rewrite code, not deployment files);`);
  say('  give the server VAULT_ROLE_ID and a wrapped secret_id instead (or Kubernetes auth, or a Vault Agent):');
  say('  docs/migration.md, "Configure Vault"');
  const inCode = scan.byKind.code;
  return {
    summary:
      `code findings down from ${before.byKind.code} to ${inCode} (${atMarkers.length} at a marker); ` +
      `${markers.list.length} marker(s) and ${manifestsAfter} manifest finding(s) left for a human`,
    scan,
    markers: markers.list,
    atMarkers,
  };
}
