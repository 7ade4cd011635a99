// After: the migrated server on AppRole, dynamic database credentials and a SecretCache, driven through MCP while
// Vault rotates its credentials and while Vault is sealed.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Backends } from '../backends.js';
import type { Cleanup } from '../cleanup.js';
import { startMcpServer, type McpSession } from '../mcp-session.js';
import { builtRuntime } from '../paths.js';
import { check, waitUntil, type Say, type StepResult } from '../step.js';
import type { DemoTimings } from '../timings.js';
import type { Workspace } from '../workspace.js';
import { SERVER_ENTRY, SHIPPED_PARCEL } from './shared.js';

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
  say('  VAULT_ROLE_ID is not a secret; VAULT_WRAPPED_SECRET_ID is a wrapping token that can be unwrapped once;');
  say(`  DATABASE_URL = ${env.DATABASE_URL}: host, port and database only, as the marker asked`);
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
  say(`"${firstRole}" no longer exists in PostgreSQL; 0 failed calls`);
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
  // The server awaits pool.end() before it exits, and end() revokes its leases (Vault's revocation statements drop
  // the roles). So the roles are gone by now; the short grace is only for slow machines, far below the lease TTL, so
  // expiry cannot be what removed them.
  await waitUntil(async () => (await backends.dynamicRoles()).length === 0, 1_000);
  const rolesLeft = await backends.dynamicRoles();
  check(rolesLeft.length === 0, `roles left after the server stopped (its leases were not revoked): ${rolesLeft.join(', ')}`);
  say(`server exited; its leases were revoked: no Vault-issued role left in PostgreSQL`);
  return { summary: 'the migrated server shut down and revoked its credentials', rolesLeft };
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
