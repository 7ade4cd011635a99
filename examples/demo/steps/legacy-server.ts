// Before: the legacy server as it is, with a static Vault token and a DATABASE_URL with a password.
import type { Backends } from '../backends.js';
import type { Cleanup } from '../cleanup.js';
import { startMcpServer } from '../mcp-session.js';
import { exampleDir } from '../paths.js';
import { check, type Say, type StepResult } from '../step.js';
import { SERVER_ENTRY, SHIPPED_PARCEL } from './shared.js';

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
