// PLACEHOLDER: replaced by the real `mcp-secrets migrate` (see its issue).
export async function migrate(_argv: string[]): Promise<number> {
  process.stderr.write('mcp-secrets migrate: not implemented yet\n');
  return 2;
}
