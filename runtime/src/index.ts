// mcp-secrets-runtime: the API that migrated MCP servers import. Filled in by the runtime issues.
export const RUNTIME_NAME = 'mcp-secrets-runtime';
