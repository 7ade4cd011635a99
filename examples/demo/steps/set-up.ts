// Set-up steps: the services the shop assistant talks to, and the throw-away copy of the example.
import type { Backends } from '../backends.js';
import type { Cleanup } from '../cleanup.js';
import { check, importOrExplain, type Say, type StepResult } from '../step.js';
import type { DemoTimings } from '../timings.js';
import { createWorkspace, type Workspace } from '../workspace.js';

export async function startServices(
  cleanup: Cleanup,
  timings: DemoTimings,
  say: Say,
): Promise<StepResult & { backends: Backends }> {
  const { startBackends, APPROLE, CARRIER_KEY_NAME, DB_ROLE } = await importOrExplain(
    () => import('../backends.js'),
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
