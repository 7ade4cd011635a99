// The last step: undo everything and prove it is gone.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { Cleanup } from '../cleanup.js';
import { isProcessAlive } from '../mcp-session.js';
import { check, type Say, type StepResult } from '../step.js';

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
