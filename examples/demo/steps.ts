// The demo's steps, shared by `npm run demo` (examples/demo.ts) and the e2e test (tests/e2e/demo.e2e.test.ts).
// Each step does one thing, checks that it happened (throwing StepFailed when it did not), and returns what it saw
// so the caller can print it or assert more. `say` receives the detail lines of the story.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Backends } from './backends.js';
import type { Cleanup } from './cleanup.js';
import { findMarkers, migrateDryRun, migrateForReal, type Marker } from './migrate.js';
import { isProcessAlive, startMcpServer, type McpSession } from './mcp-session.js';
import { builtRuntime, exampleDir } from './paths.js';
import { describeFindings, scanProject, type ScanResult } from './scan.js';
import type { DemoTimings } from './timings.js';
import { createWorkspace, type Workspace } from './workspace.js';

export type Say = (line: string) => void;

export interface StepResult {
  /** One line: what the step achieved. */
  summary: string;
}

/** A step did not do what it said it would. */
export class StepFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailed';
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailed(message);
}

const SERVER_ENTRY = join('src', 'server.js');
const SHIPPED_PARCEL = 'ZX-4471-0107';

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

// ---------------------------------------------------------------------------------------------------------------
// Set-up

export async function startServices(
  cleanup: Cleanup,
  timings: DemoTimings,
  say: Say,
): Promise<StepResult & { backends: Backends }> {
  const { startBackends, APPROLE, CARRIER_KEY_NAME, DB_ROLE } = await importOrExplain(
    () => import('./backends.js'),
    'the PostgreSQL harness and the Vault test server (tests/support)',
  );
  const backends = await startBackends(cleanup, timings);
  const health = await fetch(`${backends.vault.address}/v1/sys/health`);
  check(health.status === 200, `the Vault test server is not healthy (sys/health answered ${health.status})`);
  say(`PostgreSQL (scram-sha-256) on ${backends.pg.host}:${backends.pg.port}, table "orders" seeded`);
  say(`Vault test server on ${backends.vault.address}: AppRole "${APPROLE}", KV secret "${CARRIER_KEY_NAME}",`);
  say(`  database role "${DB_ROLE}" (default_ttl ${timings.dbDefaultTtl}s, max_ttl ${timings.dbMaxTtl}s: shortened from 1h for the demo)`);
  say(`carrier API stub on ${backends.carrier.url} (accepts only the key stored in Vault)`);
  return { summary: 'PostgreSQL, Vault and the carrier API are up and configured', backends };
}

export async function copyExample(cleanup: Cleanup, say: Say): Promise<StepResult & { workspace: Workspace }> {
  const workspace = await createWorkspace(cleanup);
  check((await workspace.changedFiles()).length === 0, 'the copy of the example is not a clean git tree');
  say(`${workspace.dir} (a git repository, one commit)`);
  return { summary: 'examples/legacy-mcp-server copied to a temporary git repository', workspace };
}

// ---------------------------------------------------------------------------------------------------------------
// Before: the legacy server as it is, with a static Vault token and a DATABASE_URL with a password

export async function runLegacyServer(
  backends: Backends,
  cleanup: Cleanup,
  say: Say,
): Promise<StepResult & { servedBy: string; env: Record<string, string>; pid: number }> {
  const env = {
    VAULT_ADDR: backends.vault.address,
    VAULT_TOKEN: backends.vault.adminToken,
    DATABASE_URL: backends.databaseUrl(backends.legacyDbUser),
    CARRIER_API_URL: backends.carrier.url,
  };
  const session = await startMcpServer({ cwd: exampleDir, entry: SERVER_ENTRY, env, cleanup });
  try {
    const { servedBy, orders } = await session.listOrders();
    check(orders.length > 0, 'list_orders returned no orders');
    check(
      servedBy === backends.legacyDbUser.name,
      `list_orders was served by "${servedBy}", not the static login "${backends.legacyDbUser.name}"`,
    );
    const parcel = await session.trackParcel(SHIPPED_PARCEL);
    check(parcel.status, 'track_parcel returned no status');
    say(`environment: VAULT_TOKEN=<root token>, DATABASE_URL=postgres://${servedBy}:<password>@..., CARRIER_API_URL`);
    say(`list_orders  -> ${orders.length} orders, served by PostgreSQL role "${servedBy}" (static, never rotates)`);
    say(`track_parcel -> ${parcel.trackingNumber}: ${parcel.status} (API key read once at start-up)`);
    return { summary: 'the legacy server works as it is, on static credentials', servedBy, env, pid: session.pid };
  } finally {
    await session.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Find and fix: scan, migrate, scan again

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
  const markers = await findMarkers(workspace.dir);
  return { summary: `migrate rewrote ${changed.length} file(s), ${markers.length} marker(s) left`, changed, markers, output: result.stdout };
}

/** What the codemods cannot fix: credentials in manifests and MCP configs, and markers for a human to finish. */
export async function scanAfter(
  workspace: Workspace,
  before: ScanResult,
  say: Say,
): Promise<StepResult & { scan: ScanResult; markers: Marker[] }> {
  const scan = await scanProject(workspace.dir);
  const markers = await findMarkers(workspace.dir);
  const stillInCode = scan.findings.filter((f) => MIGRATED_RULES.includes(f.ruleId));
  check(
    stillInCode.length === 0,
    `after migrate, the code still has ${stillInCode.map((f) => `${f.ruleId} at ${f.file}:${f.line}`).join('; ')}`,
  );
  const manifestsBefore = before.byKind.YAML + before.byKind['MCP config'];
  const manifestsAfter = scan.byKind.YAML + scan.byKind['MCP config'];
  check(manifestsAfter === manifestsBefore, `manifest findings changed from ${manifestsBefore} to ${manifestsAfter}`);
  say('Left for a human (codemods rewrite code, never deployment files):');
  describeFindings(scan).forEach((line) => say(`  ${line}`));
  for (const marker of markers) say(`  ${marker.file}:${marker.line}  ${marker.text}`);
  say('  -> replace VAULT_TOKEN / DATABASE_URL in docker-compose.yml and .mcp.json with VAULT_ROLE_ID + a wrapped');
  say('     secret_id (or Vault Agent / Kubernetes auth): docs/migration.md, "Configure Vault"');
  return {
    summary: `code clean of static credentials; ${scan.findings.length} finding(s) and ${markers.length} marker(s) left for a human`,
    scan,
    markers,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// After: the migrated server on AppRole, dynamic database credentials and a SecretCache

export async function startMigratedServer(
  workspace: Workspace,
  backends: Backends,
  cleanup: Cleanup,
  say: Say,
): Promise<StepResult & { session: McpSession; env: Record<string, string> }> {
  check(existsSync(builtRuntime), 'mcp-secrets-runtime is not built (runtime/dist is missing): run `npm run build`');
  const env = {
    VAULT_ADDR: backends.vault.address,
    VAULT_ROLE_ID: backends.roleId,
    VAULT_WRAPPED_SECRET_ID: await backends.newWrappedSecretId(),
    // Where the database is, with no user or password in it: Vault issues those.
    DATABASE_URL: backends.databaseUrl(),
    CARRIER_API_URL: backends.carrier.url,
  };
  const session = await startMcpServer({ cwd: workspace.dir, entry: SERVER_ENTRY, env, cleanup });
  say(`pid ${session.pid}, environment: ${Object.keys(env).join(', ')}`);
  say(`  (VAULT_ROLE_ID is not a secret; VAULT_WRAPPED_SECRET_ID is a single-use wrapping token; DATABASE_URL = ${env.DATABASE_URL})`);
  return { summary: 'the migrated server started with no static credential', session, env };
}

export interface CallRecord {
  at: number;
  servedBy?: string;
  error?: string;
}

export async function callTools(
  session: McpSession,
  backends: Backends,
  say: Say,
): Promise<StepResult & { servedBy: string }> {
  const { servedBy, orders } = await session.listOrders();
  check(orders.length > 0, 'list_orders returned no orders');
  check(servedBy.startsWith('v-'), `list_orders was served by "${servedBy}", not a role issued by Vault`);
  const roles = await backends.dynamicRoles();
  check(roles.includes(servedBy), `"${servedBy}" is not one of the roles Vault created (${roles.join(', ')})`);
  const parcel = await session.trackParcel(SHIPPED_PARCEL);
  check(parcel.status, 'track_parcel returned no status');
  say(`list_orders  -> ${orders.length} orders, served by "${servedBy}" (issued by Vault for this server)`);
  say(`track_parcel -> ${parcel.trackingNumber}: ${parcel.status} (API key from Vault KV, through a SecretCache)`);
  return { summary: 'both tools answer, on credentials issued by Vault', servedBy };
}

/**
 * Calls list_orders until a different PostgreSQL role serves it: the pool renewed its lease until Vault's max TTL,
 * then switched to new credentials. Every call must succeed, and the old role must be dropped once drained.
 */
export async function waitForRotation(
  session: McpSession,
  backends: Backends,
  firstRole: string,
  timings: DemoTimings,
  say: Say,
): Promise<StepResult & { calls: CallRecord[]; newRole: string }> {
  const deadline = Date.now() + (timings.dbMaxTtl + timings.dbDefaultTtl) * 1000;
  const calls: CallRecord[] = [];
  let newRole: string | undefined;
  while (!newRole && Date.now() < deadline) {
    const call = await recordCall(session);
    calls.push(call);
    if (call.servedBy && call.servedBy !== firstRole) newRole = call.servedBy;
    else await sleep(timings.pollMs);
  }
  const failed = calls.filter((c) => c.error);
  check(failed.length === 0, `${failed.length} of ${calls.length} calls failed while waiting, first: ${failed[0]?.error}`);
  check(newRole, `no rotation within ${Math.round((deadline - (calls[0]?.at ?? deadline)) / 1000)} s: still "${firstRole}"`);
  const dropped = await waitUntil(async () => !(await backends.dynamicRoles()).includes(firstRole), 10_000);
  check(dropped, `the old role "${firstRole}" still exists 10 s after the rotation`);
  const before = calls.filter((c) => c.servedBy === firstRole).length;
  say(`${before} call(s) served by "${firstRole}"`);
  say(`then by "${newRole}" (new credentials before the old lease's max TTL)`);
  say(`"${firstRole}" was dropped by its lease revocation after the old pool drained; 0 failed calls`);
  return { summary: `rotated to a new PostgreSQL role after ${calls.length} calls, none failed`, calls, newRole };
}

/** Seals Vault for less than a lease and keeps calling both tools: nothing may fail, and Vault must be back after. */
export async function rideOutOutage(
  session: McpSession,
  backends: Backends,
  timings: DemoTimings,
  say: Say,
): Promise<StepResult & { calls: CallRecord[]; servedBy: string }> {
  const { faults } = backends.vault.server;
  const calls: CallRecord[] = [];
  faults.seal();
  let sealed: boolean;
  try {
    sealed = (await fetch(`${backends.vault.address}/v1/sys/health`)).status === 503;
    const end = Date.now() + timings.outageMs;
    while (Date.now() < end) {
      calls.push(await recordCall(session));
      calls.push(await recordCall(session, 'track_parcel'));
      await sleep(timings.pollMs);
    }
  } finally {
    faults.unseal();
  }
  check(sealed, 'Vault did not report itself sealed during the outage');
  const after = await recordCall(session);
  const failed = calls.filter((c) => c.error);
  check(failed.length === 0, `${failed.length} of ${calls.length} calls failed during the outage, first: ${failed[0]?.error}`);
  check(after.servedBy, `the first call after the outage failed: ${after.error}`);
  say(`Vault sealed for ${timings.outageMs / 1000} s (sys/health: 503): ${calls.length} tool calls, 0 failed`);
  say(`unsealed; next call served by "${after.servedBy}"`);
  return { summary: `a ${timings.outageMs / 1000} s Vault outage caused no failed tool call`, calls, servedBy: after.servedBy };
}

export async function stopMigratedServer(
  session: McpSession,
  backends: Backends,
  say: Say,
): Promise<StepResult & { rolesLeft: string[] }> {
  await session.close();
  // The pool's end() revokes its leases: Vault's revocation statements drop the roles.
  await waitUntil(async () => (await backends.dynamicRoles()).length === 0, 10_000);
  const rolesLeft = await backends.dynamicRoles();
  check(rolesLeft.length === 0, `roles left after the server stopped: ${rolesLeft.join(', ')}`);
  say(`server exited; its leases were revoked: no Vault-issued role left in PostgreSQL`);
  return { summary: 'the migrated server shut down and revoked its credentials', rolesLeft };
}

/**
 * Undoes everything the demo started, then checks that it is really gone: the temp dirs, the MCP server processes,
 * and nothing listening any more where PostgreSQL, Vault and the carrier stub were.
 */
export async function cleanUp(
  cleanup: Cleanup,
  leftovers: { dirs: string[]; pids: number[]; addresses: { host: string; port: number }[] },
  say: Say,
): Promise<StepResult> {
  const failures = await cleanup.run();
  check(failures.length === 0, `could not undo: ${failures.join('; ')}`);
  const dirs = leftovers.dirs.filter((dir) => existsSync(dir));
  check(dirs.length === 0, `temp dirs left: ${dirs.join(', ')}`);
  const pids = leftovers.pids.filter((pid) => isProcessAlive(pid));
  check(pids.length === 0, `processes still running: ${pids.join(', ')}`);
  const listening: string[] = [];
  for (const { host, port } of leftovers.addresses) if (await isListening(host, port)) listening.push(`${host}:${port}`);
  check(listening.length === 0, `still listening: ${listening.join(', ')}`);
  say(`removed ${leftovers.dirs.length} temp dir(s); ${leftovers.pids.length} MCP server process(es) gone;`);
  say(`PostgreSQL, Vault and the stub stopped (${leftovers.addresses.length} ports closed)`);
  return { summary: 'nothing left behind' };
}

// ---------------------------------------------------------------------------------------------------------------

/** Loads a part of the project that another piece of work provides, or says plainly which part is missing. */
async function importOrExplain<T>(load: () => Promise<T>, what: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StepFailed(`${what} could not be loaded: ${reason}`);
  }
}

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function recordCall(session: McpSession, tool: 'list_orders' | 'track_parcel' = 'list_orders'): Promise<CallRecord> {
  const at = Date.now();
  try {
    if (tool === 'track_parcel') {
      await session.trackParcel(SHIPPED_PARCEL);
      return { at, servedBy: undefined };
    }
    return { at, servedBy: (await session.listOrders(1)).servedBy };
  } catch (error) {
    return { at, error: error instanceof Error ? error.message : String(error) };
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

