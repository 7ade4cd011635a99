// `mcp-secrets scan --format json .` on the workspace, read back into findings grouped by rule and by kind of file.
import { extname, relative } from 'node:path';
import { runMcpSecrets } from './run-command.js';

export type FileKind = 'code' | 'YAML' | 'MCP config';

export interface Finding {
  file: string; // relative to the scanned directory
  kind: FileKind;
  line: number;
  column: number;
  ruleId: string; // "mcp-secrets/<rule>", or "parse-error" for a file ESLint could not parse
  message: string;
}

export interface ScanResult {
  exitCode: number;
  findings: Finding[];
  /** Number of findings per rule id, most frequent first. */
  byRule: [string, number][];
  byKind: Record<FileKind, number>;
}

/** The shape of ESLint's JSON formatter output that we read. */
interface EslintJsonResult {
  filePath: string;
  messages: { ruleId: string | null; line?: number; column?: number; message: string; fatal?: boolean }[];
}

export async function scanProject(dir: string): Promise<ScanResult> {
  const result = await runMcpSecrets(['scan', '--format', 'json', '.'], dir);
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(`mcp-secrets scan exited with ${result.code}: ${firstLine(result.stderr || result.stdout)}`);
  }
  let parsed: EslintJsonResult[];
  try {
    parsed = JSON.parse(result.stdout) as EslintJsonResult[];
  } catch {
    throw new Error(`mcp-secrets scan --format json printed something that is not JSON: ${firstLine(result.stdout)}`);
  }
  const findings: Finding[] = parsed.flatMap((file) =>
    file.messages.map((message) => ({
      file: relative(dir, file.filePath),
      kind: kindOf(file.filePath),
      line: message.line ?? 0,
      column: message.column ?? 0,
      ruleId: message.ruleId ?? 'parse-error',
      message: message.message,
    })),
  );
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  const byKind: Record<FileKind, number> = { code: 0, YAML: 0, 'MCP config': 0 };
  for (const finding of findings) byKind[finding.kind]++;
  return {
    exitCode: result.code,
    findings,
    byRule: [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    byKind,
  };
}

export function kindOf(path: string): FileKind {
  const extension = extname(path).toLowerCase();
  if (extension === '.yml' || extension === '.yaml') return 'YAML';
  if (extension === '.json' || extension === '.jsonc') return 'MCP config';
  return 'code';
}

/** Lines for the story: the count per rule, then where each finding is. */
export function describeFindings(scan: ScanResult): string[] {
  const width = Math.max(...scan.byRule.map(([rule]) => rule.length), 0);
  const lines = scan.byRule.map(([rule, count]) => `${rule.padEnd(width)}  ${count}`);
  lines.push(
    ...scan.findings.map((f) => `  ${`${f.file}:${f.line}:${f.column}`.padEnd(28)} ${f.ruleId.replace('mcp-secrets/', '')}`),
  );
  return lines;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
