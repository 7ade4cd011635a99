// PLACEHOLDER: replaced by the real `mcp-secrets scan` (see its issue).
export async function scan(_argv: string[]): Promise<number> {
  process.stderr.write('mcp-secrets scan: not implemented yet\n');
  return 2;
}
