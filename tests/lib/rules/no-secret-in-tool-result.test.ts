import rule from '../../../lib/rules/no-secret-in-tool-result.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

type Kind = 'wholeEnv' | 'secretEnv' | 'secretBinding' | 'vaultLogin';
const error = (code: string, needle: string, messageId: Kind, what: string, where: 'result' | 'error message' = 'result', occurrence?: number) => ({
  messageId,
  data: { what, where },
  ...at(code, needle, occurrence),
});

const HEADER = `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
const server = new McpServer({ name: 'demo', version: '1.0.0' });
`;

// The registration spelled with a computed key, and with the method wrapped in TS syntax.
const COMPUTED_KEY = `${HEADER}server['tool']('db', async () => ({ content: [{ type: 'text', text: process.env.DB_PASSWORD }] }));
`;
const WRAPPED_CALLEE = `${HEADER}(server.tool as any)('env', async () => ({ content: [{ type: 'text', text: JSON.stringify(process.env) }] }));
`;

const DEBUG_ENV = `${HEADER}server.tool('debug-env', async () => ({ content: [{ type: 'text', text: JSON.stringify(process.env) }] }));
`;

const ENTRIES = `${HEADER}server.registerTool('env', { description: 'env' }, async () => ({
  content: [{ type: 'text', text: Object.entries(process.env).map(([k, v]) => \`\${k}=\${v}\`).join('\\n') }],
}));
`;

const REQUEST_HANDLER = `import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema as CallTool } from '@modelcontextprotocol/sdk/types.js';
const mcp = new Server({ name: 'demo', version: '1.0.0' }, { capabilities: { tools: {} } });
mcp.setRequestHandler(CallTool, async (request) => {
  if (request.params.name !== 'whoami') throw new Error('unknown tool');
  return { content: [{ type: 'text', text: \`token: \${process.env.GITHUB_TOKEN}\` }] };
});
`;

const THROWN = `${HEADER}server.tool('connect', async () => {
  try {
    return { content: [{ type: 'text', text: 'ok' }] };
  } catch (err) {
    throw new Error(\`connect failed with \${dbPassword}\`);
  }
});
`;

const NAMED_HANDLER = `${HEADER}async function handleLogin() {
  const result = await vault.approleLogin({ role_id: 'r', secret_id: 's' });
  return { content: [{ type: 'text', text: JSON.stringify(result.auth) }] };
}
server.registerTool('login', { description: 'log in' }, handleLogin);
`;

const DELEGATE = `${HEADER}server.tool('query', {}, async (args) => runQuery(args));
async function runQuery(args) {
  return { content: [{ type: 'text', text: config.apiKey }] };
}
`;

const CJS = `const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const app = new McpServer({ name: 'demo', version: '1.0.0' });
app.tool('whoami', async () => ({ content: [{ type: 'text', text: \`token \${vaultToken}\` }] }));
`;

const ALIAS = `${HEADER}server.tool('key', async () => {
  const message = \`key=\${process.env.OPENAI_API_KEY}\`;
  return { content: [{ type: 'text', text: message }] };
});
`;

const STRUCTURED = `${HEADER}server.registerTool('config', { description: 'c' }, async () => {
  const result = { content: [], structuredContent: { ...process.env } };
  return result;
});
`;

const ROWS = `${HEADER}server.tool('users', async () => {
  const { rows } = await pool.query('select name, password from users');
  return { content: [{ type: 'text', text: rows.map((r) => r.password).join(',') }] };
});
`;

ruleTester.run('no-secret-in-tool-result', rule, {
  valid: [
    // Computed keys that are not a registration method: a near miss of COMPUTED_KEY.
    { code: `${HEADER}server['prompt']('db', async () => ({ content: [{ type: 'text', text: process.env.DB_PASSWORD }] }));`, filename: 'file.ts' },
    { code: `${HEADER}server.tool('list', {}, async () => ({ content: [{ type: 'text', text: JSON.stringify(rows) }] }));`, filename: 'file.ts' },
    { code: `${HEADER}server.tool('addr', async () => ({ content: [{ type: 'text', text: process.env.VAULT_ADDR ?? '' }] }));`, filename: 'file.ts' },
    // The secret is used by the tool but not returned.
    {
      code: `${HEADER}server.tool('fetch', async () => {
  const token = await client.token();
  const res = await fetch(url, { headers: { 'X-Vault-Token': token } });
  return { content: [{ type: 'text', text: await res.text() }] };
});`,
      filename: 'file.ts',
    },
    // A nested function's return is not the tool's result.
    { code: `${HEADER}server.tool('x', async () => {\n  const auth = () => token;\n  await call(auth);\n  return { content: [] };\n});`, filename: 'file.js' },
    // Not an MCP server.
    { code: "router.tool('x', () => ({ content: [{ type: 'text', text: process.env.API_KEY }] }));", filename: 'file.js' },
    // Other request handlers (the tool list names its parameters, not their values).
    {
      code: `import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'login', inputSchema: { properties: { password: { type: 'string' } } } }] }));
const check = async () => password;`,
      filename: 'file.ts',
    },
    // Facts about secrets are not secrets.
    {
      code: `${HEADER}server.tool('status', async () => {
  if (!token) throw new Error('token expired');
  return { content: [{ type: 'text', text: \`token set: \${Boolean(process.env.API_KEY)}, length \${token.length}\` }] };
});`,
      filename: 'file.ts',
    },
    { code: "const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');\nconst s = new McpServer({});\ns.tool('k', async () => ({ content: [{ type: 'text', text: Object.keys(process.env).join(',') }] }));", filename: 'file.cjs', languageOptions: commonjs },
  ],
  invalid: [
    { code: COMPUTED_KEY, filename: 'file.ts', errors: [error(COMPUTED_KEY, 'process.env.DB_PASSWORD', 'secretEnv', 'DB_PASSWORD')] },
    { code: WRAPPED_CALLEE, filename: 'file.ts', errors: [error(WRAPPED_CALLEE, 'process.env', 'wholeEnv', 'process.env')] },
    { code: DEBUG_ENV, filename: 'file.ts', errors: [error(DEBUG_ENV, 'process.env', 'wholeEnv', 'process.env')] },
    { code: ENTRIES, filename: 'file.ts', errors: [error(ENTRIES, 'process.env', 'wholeEnv', 'process.env')] },
    { code: REQUEST_HANDLER, filename: 'file.ts', errors: [error(REQUEST_HANDLER, 'process.env.GITHUB_TOKEN', 'secretEnv', 'GITHUB_TOKEN')] },
    { code: THROWN, filename: 'file.ts', errors: [error(THROWN, 'dbPassword', 'secretBinding', 'dbPassword', 'error message')] },
    { code: NAMED_HANDLER, filename: 'file.ts', errors: [error(NAMED_HANDLER, 'result.auth)', 'vaultLogin', 'result.auth')] },
    { code: DELEGATE, filename: 'file.js', errors: [error(DELEGATE, 'config.apiKey', 'secretBinding', 'config.apiKey')] },
    { code: CJS, filename: 'file.cjs', languageOptions: commonjs, errors: [error(CJS, 'vaultToken', 'secretBinding', 'vaultToken')] },
    { code: ALIAS, filename: 'file.ts', errors: [error(ALIAS, 'message }', 'secretEnv', 'message (from OPENAI_API_KEY)')] },
    { code: STRUCTURED, filename: 'file.ts', errors: [error(STRUCTURED, 'result;', 'wholeEnv', 'result (from process.env)')] },
    { code: ROWS, filename: 'file.ts', errors: [error(ROWS, 'r.password', 'secretBinding', 'r.password')] },
  ],
});
