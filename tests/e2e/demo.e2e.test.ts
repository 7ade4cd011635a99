// The demo's flow end to end (the same step functions `npm run demo` runs), with assertions on what each step saw:
// findings before and after the migration, the migrated server answering through the MCP client, a rotation seen
// as a new PostgreSQL role, no failed tool call while Vault is sealed, and nothing left behind.
//
// Needs `npm run build` (the CLI runs from dist/, the migrated server imports runtime/dist): `npm test` builds first.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backends } from '../../examples/demo/backends.js';
import { Cleanup } from '../../examples/demo/cleanup.js';
import { isProcessAlive, type McpSession } from '../../examples/demo/mcp-session.js';
import { exampleDir } from '../../examples/demo/paths.js';
import type { ScanResult } from '../../examples/demo/scan.js';
import {
  applyMigration,
  callTools,
  cleanUp,
  copyExample,
  EXPECTED_RULES_BEFORE,
  MIGRATED_RULES,
  previewMigration,
  rideOutOutage,
  runLegacyServer,
  scanAfter,
  scanBefore,
  startMigratedServer,
  startServices,
  stopMigratedServer,
  waitForRotation,
} from '../../examples/demo/steps.js';
import { DEMO_TIMINGS } from '../../examples/demo/timings.js';
import type { Workspace } from '../../examples/demo/workspace.js';

const timings = DEMO_TIMINGS;
const cleanup = new Cleanup();
const lines: string[] = [];
const say = (line: string): void => void lines.push(line);
const leftovers = { dirs: [] as string[], pids: [] as number[], addresses: [] as { host: string; port: number }[] };
const secretsHandedOut: string[] = [];

// State carried from one step to the next; a step whose predecessor failed says so instead of failing obscurely.
let backends: Backends | undefined;
let workspace: Workspace | undefined;
let before: ScanResult | undefined;
let session: McpSession | undefined;
let firstRole: string | undefined;

function needs<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`skipped: ${what} did not happen (an earlier step failed)`);
  return value;
}

/** 1-based line of the first line of `file` (in the example) containing `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(join(exampleDir, file), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`"${text}" is not in ${file}`);
  return index + 1;
}

afterAll(async () => {
  await cleanup.run(); // a safety net when a step failed before the clean-up step ran
});

describe('npm run demo, step by step', { timeout: 60_000 }, () => {
  it('starts PostgreSQL, the Vault test server and the carrier API stub', async () => {
    ({ backends } = await startServices(cleanup, timings, say));
    leftovers.addresses.push(
      { host: backends.pg.host, port: backends.pg.port },
      hostPort(backends.vault.address),
      hostPort(backends.carrier.url),
    );
    secretsHandedOut.push(backends.vault.adminToken, backends.carrier.apiKey, backends.legacyDbUser.password);
    expect(await backends.dynamicRoles()).toEqual([]);
  });

  it('copies the example into a clean temporary git repository', async () => {
    ({ workspace } = await copyExample(cleanup, say));
    leftovers.dirs.push(workspace.dir);
    expect(await workspace.changedFiles()).toEqual([]);
  });

  it('runs the legacy server as it is, on the static token and the static database login', async () => {
    const b = needs(backends, 'the services');
    const legacy = await runLegacyServer(b, cleanup, say);
    leftovers.pids.push(legacy.pid);
    expect(legacy.servedBy).toBe(b.legacyDbUser.name);
    expect(legacy.env.VAULT_TOKEN).toBe(b.vault.adminToken);
    expect(isProcessAlive(legacy.pid)).toBe(false);
  });

  it('scan finds every static credential: code, docker-compose.yml and .mcp.json', async () => {
    const result = await scanBefore(needs(workspace, 'the workspace'), say);
    before = result.scan;
    const rules = new Set(before.findings.map((f) => f.ruleId));
    for (const rule of EXPECTED_RULES_BEFORE) expect(rules, rule).toContain(rule);
    const at = (ruleId: string, file: string) =>
      before!.findings.filter((f) => f.ruleId === ruleId && f.file === file).map((f) => f.line);
    expect(at('mcp-secrets/no-static-vault-token', 'src/server.js')).toContain(
      lineOf('src/server.js', 'token: process.env.VAULT_TOKEN'),
    );
    expect(at('mcp-secrets/no-module-scope-secret', 'src/server.js')).toContain(
      lineOf('src/server.js', "await getSecret('carrier-api-key')"),
    );
    expect(at('mcp-secrets/no-secret-in-mcp-config', '.mcp.json')).toContain(lineOf('.mcp.json', '"VAULT_TOKEN"'));
    expect(at('mcp-secrets/no-secret-in-manifest', 'docker-compose.yml')).toEqual(
      expect.arrayContaining([lineOf('docker-compose.yml', 'VAULT_TOKEN='), lineOf('docker-compose.yml', 'POSTGRES_PASSWORD')]),
    );
    // the count per rule adds up to the findings
    expect(before.byRule.reduce((sum, [, count]) => sum + count, 0)).toBe(before.findings.length);
  });

  it('migrate --dry --diff shows the rewrite and writes nothing', async () => {
    const ws = needs(workspace, 'the workspace');
    const { diff } = await previewMigration(ws, say);
    expect(diff).toMatch(/^-.*token: process\.env\.VAULT_TOKEN/m);
    expect(diff).toMatch(/^\+.*mcp-secrets-runtime/m);
    expect(await ws.changedFiles()).toEqual([]);
  });

  it('migrate rewrites the server to the runtime, and the result still parses', async () => {
    const ws = needs(workspace, 'the workspace');
    await applyMigration(ws, say);
    const migrated = readFileSync(join(ws.dir, 'src/server.js'), 'utf8');
    expect(migrated).not.toContain('process.env.VAULT_TOKEN');
    expect(migrated).not.toMatch(/new pg\.Pool\(/);
    expect(migrated).toMatch(/createVaultClient\(/);
    expect(migrated).toMatch(/createDynamicPgPool\(/);
    expect(migrated).toMatch(/new SecretCache\(/);
    execFileSync(process.execPath, ['--check', join(ws.dir, 'src/server.js')]);
  });

  it('the second scan finds no migrated pattern outside a marker, and the manifests untouched', async () => {
    const ws = needs(workspace, 'the workspace');
    const b = needs(before, 'the first scan');
    const { scan, markers } = await scanAfter(ws, b, say);
    const migratedLeft = scan.findings.filter((f) => MIGRATED_RULES.includes(f.ruleId));
    // each one sits in a statement below a marker comment in the same file
    for (const finding of migratedLeft) {
      expect(markers.some((m) => m.file === finding.file && m.line <= finding.line), `${finding.ruleId} at ${finding.line}`).toBe(true);
    }
    expect(scan.byKind.code).toBeLessThan(b.byKind.code);
    expect(scan.findings.filter((f) => f.ruleId === 'mcp-secrets/no-module-scope-secret')).toEqual([]);
    expect(scan.findings.filter((f) => f.ruleId === 'mcp-secrets/no-static-vault-token')).toEqual([]);
    expect(scan.byKind.YAML).toBe(b.byKind.YAML);
    expect(scan.byKind['MCP config']).toBe(b.byKind['MCP config']);
    expect(lines).toContain('Left for a human:');
  });

  it('starts the migrated server with only VAULT_ADDR, VAULT_ROLE_ID and a wrapped secret_id', async () => {
    const b = needs(backends, 'the services');
    const started = await startMigratedServer(needs(workspace, 'the workspace'), b, cleanup, say);
    session = started.session;
    leftovers.pids.push(session.pid);
    secretsHandedOut.push(started.env.VAULT_WRAPPED_SECRET_ID);
    expect(Object.keys(started.env).sort()).toEqual(
      ['CARRIER_API_URL', 'DATABASE_URL', 'VAULT_ADDR', 'VAULT_ROLE_ID', 'VAULT_WRAPPED_SECRET_ID'],
    );
    expect(new URL(started.env.DATABASE_URL).username).toBe('');
    expect(new URL(started.env.DATABASE_URL).password).toBe('');
  });

  it('answers tool calls through the MCP client, on a PostgreSQL role Vault created', async () => {
    const b = needs(backends, 'the services');
    const { servedBy } = await callTools(needs(session, 'the migrated server'), b, say);
    firstRole = servedBy;
    expect(servedBy).toMatch(/^v-/);
    expect(servedBy).not.toBe(b.legacyDbUser.name);
    expect(b.carrier.stats.served).toBeGreaterThanOrEqual(2); // the legacy server's call and this one
  });

  it('rotates to a new PostgreSQL role at the max TTL without a failed call', async () => {
    const b = needs(backends, 'the services');
    const rotation = await waitForRotation(needs(session, 'the migrated server'), b, needs(firstRole, 'a first call'), timings, say);
    expect(rotation.newRole).toMatch(/^v-/);
    expect(rotation.newRole).not.toBe(firstRole);
    expect(rotation.calls.filter((c) => c.error)).toEqual([]);
    expect(await b.dynamicRoles()).not.toContain(firstRole);
  }, (timings.dbMaxTtl + timings.dbDefaultTtl) * 1000 + 30_000);

  it('rides out a Vault outage shorter than the lease with zero failed tool calls', async () => {
    const outage = await rideOutOutage(needs(session, 'the migrated server'), needs(backends, 'the services'), timings, say);
    expect(outage.calls.length).toBeGreaterThan(0);
    expect(outage.calls.filter((c) => c.error)).toEqual([]);
  });

  it('revokes its credentials when it stops, and never logged a secret', async () => {
    const s = needs(session, 'the migrated server');
    const log = s.stderr();
    const { rolesLeft } = await stopMigratedServer(s, needs(backends, 'the services'), say);
    expect(rolesLeft).toEqual([]);
    expect(isProcessAlive(s.pid)).toBe(false);
    for (const secret of secretsHandedOut) expect(log).not.toContain(secret);
  });

  it('leaves no process, server, role or temp dir behind', async () => {
    await cleanUp(cleanup, leftovers, say);
    for (const dir of leftovers.dirs) expect(() => readFileSync(join(dir, 'package.json'))).toThrow();
    for (const pid of leftovers.pids) expect(isProcessAlive(pid)).toBe(false);
  });
});

function hostPort(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
}
