/**
 * Runs the test server as a process:
 *   npx tsx tests/support/vault-server/main.ts [--port 8200] [--root-token <id>] [--parent-pid <pid>]
 * Prints one JSON line {"address": "...", "rootToken": "..."} on stdout when ready; SIGINT/SIGTERM close it
 * (revoking every outstanding lease). Faults are driven over HTTP: POST /v1/sys/test/faults.
 * npx does not forward signals to tsx's child: a parent process should pass --parent-pid (its own pid) so the
 * server stops when the parent is gone, or spawn `node --import tsx .../main.ts` directly.
 */
import { parseArgs } from 'node:util';
import { startVaultTestServer } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'root-token': { type: 'string' },
    'parent-pid': { type: 'string' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`invalid --port: ${values.port}\n`);
  process.exit(2);
}

const server = await startVaultTestServer({ port, rootToken: values['root-token'] });
// The contract of this test tool: the parent reads the ephemeral server's root token from this line.
// eslint-disable-next-line mcp-secrets/no-secret-in-log
process.stdout.write(`${JSON.stringify({ address: server.address, rootToken: server.rootToken })}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Started with an IPC channel: stop when the parent goes away.
process.on('disconnect', stop);

const parentPid = values['parent-pid'] ? Number(values['parent-pid']) : undefined;
if (parentPid) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      stop();
    }
  }, 1000).unref();
}
