// Runs a command to completion and collects its output: the `mcp-secrets` CLI and git, as a user would run them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { builtCli, cliBin } from './paths.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** `mcp-secrets <args>` in `cwd`, through the package's bin, without colours so the output can be read back. */
export async function runMcpSecrets(args: string[], cwd: string): Promise<CommandResult> {
  if (!existsSync(builtCli)) {
    throw new Error('the mcp-secrets CLI is not built (dist/lib/cli/index.js is missing): run `npm run build` first');
  }
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  return runCommand(process.execPath, [cliBin, ...args], { cwd, env, timeoutMs: 120_000 });
}

export async function git(args: string[], cwd: string): Promise<string> {
  const result = await runCommand('git', ['-c', 'user.name=mcp-secrets demo', '-c', 'user.email=demo@example.invalid', ...args], { cwd });
  if (result.code !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr.trim()}`);
  return result.stdout;
}
