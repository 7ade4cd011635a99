// Starts an MCP server as a stdio subprocess and drives it with the SDK's MCP client, exactly as an MCP host (Claude
// Desktop, an IDE) would. Typed helpers for the shop assistant's two tools.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cleanup } from './cleanup.js';

export interface Order {
  id: number;
  customer: string;
  item: string;
  status: string;
  tracking_number: string | null;
}

export interface Parcel {
  trackingNumber: string;
  status: string;
  location: string;
}

export interface McpSession {
  pid: number;
  listOrders(limit?: number): Promise<{ servedBy: string; orders: Order[] }>;
  trackParcel(trackingNumber: string): Promise<Parcel>;
  /** Everything the server wrote to stderr so far (its log). */
  stderr(): string;
  /** Closes the client: stdin closes, the server shuts down (SIGTERM after 2 s if it does not). Resolves once it exited. */
  close(): Promise<void>;
}

/** A tool answered with `isError: true`: the call reached the server but the server could not do the work. */
export class ToolCallError extends Error {
  constructor(tool: string, text: string) {
    super(`${tool} failed: ${text}`);
    this.name = 'ToolCallError';
  }
}

const CALL_TIMEOUT_MS = 15_000;

export async function startMcpServer(options: {
  cwd: string;
  entry: string;
  /** The server's whole environment beyond what the SDK passes on by default (HOME, PATH, SHELL, TERM, USER...). */
  env: Record<string, string>;
  cleanup: Cleanup;
}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [options.entry],
    cwd: options.cwd,
    env: options.env,
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const client = new Client({ name: 'mcp-secrets-demo', version: '1.0.0' });
  const close = async (): Promise<void> => {
    const pid = transport.pid;
    await client.close();
    if (pid !== null) await waitForExit(pid);
  };
  const undo = options.cleanup.add('stop the MCP server', close);
  try {
    await client.connect(transport);
  } catch (error) {
    await undo();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the MCP server did not start (${reason}); its log:\n${indent(log)}`);
  }
  const pid = transport.pid ?? 0;

  async function call(name: string, args: Record<string, unknown>): Promise<string> {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS });
    const content = Array.isArray(result.content) ? result.content : [];
    const text = content.map((part: { type: string; text?: string }) => (part.type === 'text' ? part.text : '')).join('');
    if (result.isError) throw new ToolCallError(name, text);
    return text;
  }

  return {
    pid,
    listOrders: async (limit = 3) => JSON.parse(await call('list_orders', { limit })) as { servedBy: string; orders: Order[] },
    trackParcel: async (trackingNumber) => JSON.parse(await call('track_parcel', { trackingNumber })) as Parcel,
    stderr: () => log,
    close: undo,
  };
}

/** True while `pid` runs. An exited child its parent has not reaped yet (a zombie, state Z on Linux) is not running. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat is "<pid> (<command>) <state> ...": the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is the best answer there
  }
}

async function waitForExit(pid: number, timeoutMs = 6_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      throw new Error(`the MCP server (pid ${pid}) did not exit within ${timeoutMs / 1000} s and was killed`);
    }
    await sleep(50);
  }
}

export function indent(text: string, prefix = '    '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
