// ESLint's own RuleTester on @eslint/json's JSONC language, as the plugin's config sets it up.
import { RuleTester, type ESLint, type Rule } from 'eslint';
import { describe, it } from 'vitest';
import plugin from '../../../lib/index.js';
import rule from '../../../lib/rules/no-secret-in-mcp-config.js';
import { at } from './vitest-rule-tester.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({
  plugins: { 'mcp-secrets': plugin as unknown as ESLint.Plugin },
  language: 'mcp-secrets/jsonc',
  languageOptions: { allowTrailingCommas: true },
});

const HVS = `hvs.${'CAESIKN9'.repeat(12)}xy`;
const LEGACY = 's.Q7eGcI2kZpW4rT9xLmN3bV8a';

function error(code: string, needle: string, messageId: string, extra: Partial<RuleTester.TestCaseError> = {}, occurrence = 1): RuleTester.TestCaseError {
  return { messageId, ...at(code, needle, occurrence), ...extra };
}

const claudeCodeEnv = `{
  "mcpServers": {
    "vault-tools": {
      "command": "node",
      "args": ["dist/server.js"],
      "env": {
        "VAULT_ADDR": "https://vault.internal:8200",
        "VAULT_TOKEN": "${HVS}"
      }
    }
  }
}`;

const claudeDesktopAppRole = `{
  "mcpServers": {
    "db": {
      "command": "npx",
      "args": ["-y", "acme-db-mcp"],
      "env": {
        "VAULT_ROLE_ID": "8f1c2d3e-aaaa-bbbb-cccc-1234567890ab",
        "VAULT_SECRET_ID": "0b7a6c4d-1111-2222-3333-abcdefabcdef"
      }
    }
  }
}`;

const vscodeServers = `{
  // VS Code: servers, inputs, comments and trailing commas
  "inputs": [{ "type": "promptString", "id": "db-password", "password": true }],
  "servers": {
    "postgres": {
      "type": "stdio",
      "command": "npx",
      "env": { "DATABASE_URL": "postgresql://mcp:hunter2-prod@localhost:5432/mcp", },
    },
  },
}`;

const dockerArgs = `{
  "mcpServers": {
    "vault": {
      "command": "docker",
      "args": ["run", "-i", "--rm", "-e", "VAULT_TOKEN=${LEGACY}", "-e", "VAULT_ADDR=https://vault:8200", "acme/vault-mcp"]
    }
  }
}`;

const passwordFlags = `{
  "mcpServers": {
    "mysql": {
      "command": "uvx",
      "args": ["mysql-mcp", "--password=hunter2-prod", "--api-key", "sk-live-abcdef", "--verbose"]
    }
  }
}`;

const postgresArg = `{
  "mcpServers": {
    "postgres": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-postgres", "postgresql://mcp:hunter2-prod@localhost/mcp"]
    }
  }
}`;

// A root token (hvs. + 24, shorter than other service tokens) passed on the command line.
const rootTokenArg = `{
  "mcpServers": {
    "vault": { "command": "vault-mcp", "args": ["--address", "https://vault:8200", "hvs.Qm7Zt2Kx9Lb4Wn8Vc1Yd5Hf0"] }
  }
}`;

const remoteHeaders = `{
  "mcpServers": {
    "remote": {
      "type": "http",
      "url": "https://mcp.example.com/mcp",
      "headers": {
        "Authorization": "Bearer sk-live-0123456789",
        "X-Vault-Token": "${HVS}",
        "X-Request-Source": "cursor"
      }
    }
  }
}`;

const urlQuery = `{
  "mcpServers": {
    "search": { "url": "https://mcp.example.com/sse?profile=default&api_key=4f9a8b7c6d5e" }
  }
}`;

const claudeJsonProjects = `{
  "numStartups": 12,
  "projects": {
    "/home/dev/acme": {
      "mcpServers": {
        "github": { "command": "github-mcp", "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123456789" } }
      }
    }
  }
}`;

const vscodeSettings = `{
  "editor.formatOnSave": true,
  "mcp": {
    "servers": {
      "search": { "command": "search-mcp", "env": { "SEARCH_API_KEY": "4f9a8b7c6d5e" } }
    }
  }
}`;

ruleTester.run('no-secret-in-mcp-config', rule as unknown as Rule.RuleModule, {
  valid: [
    // References the clients resolve at start-up: VS Code inputs, env lookups, Claude Code's ${VAR}.
    {
      filename: '.vscode/mcp.json',
      code: `{
  "inputs": [{ "type": "promptString", "id": "vault-token", "password": true }],
  "servers": {
    "vault": {
      "command": "node",
      "env": { "VAULT_TOKEN": "\${input:vault-token}", "DB_PASSWORD": "\${env:DB_PASSWORD}", "API_KEY": "\${API_KEY}" }
    }
  }
}`,
    },
    // AppRole done right: a role_id is not a secret; the secret_id comes from a file.
    `{
  "mcpServers": {
    "db": {
      "command": "node",
      "env": { "VAULT_ROLE_ID": "8f1c2d3e-aaaa-bbbb-cccc-1234567890ab", "VAULT_SECRET_ID_FILE": "/run/secrets/secret-id" }
    }
  }
}`,
    // Empty and placeholder values, as shipped in README examples.
    `{ "mcpServers": { "github": { "command": "github-mcp", "env": { "GITHUB_TOKEN": "", "OPENAI_API_KEY": "<your-api-key>" } } } }`,
    // A database URL without a password, and flags that point at files.
    `{
  "mcpServers": {
    "postgres": {
      "command": "npx",
      "args": ["@modelcontextprotocol/server-postgres", "postgresql://localhost/mcp", "--password-file", "/run/secrets/db", "--token-file=/vault/token"]
    }
  }
}`,
    // Remote server with a referenced header and a referenced query parameter.
    `{
  "mcpServers": {
    "remote": {
      "url": "https://mcp.example.com/sse?api_key=\${input:search-key}",
      "headers": { "Authorization": "Bearer \${input:remote-token}", "X-API-Key": "\${env:REMOTE_KEY}" }
    }
  }
}`,
    // \`servers\` outside an mcp.json is some other tool's config, not MCP.
    {
      filename: 'deploy/config.json',
      code: `{ "servers": { "web": { "env": { "DB_PASSWORD": "hunter2-prod" } } } }`,
    },
    // No server map at all: an \`env\` block in some other JSON file.
    `{ "name": "acme", "env": { "API_KEY": "sk-live-abcdef" }, "scripts": { "start": "node ." } }`,
    // Switches and non-secrets under credential-ish names; a legacy-token-shaped string where nothing says token.
    `{
  "mcpServers": {
    "vault": {
      "command": "node",
      "env": { "VAULT_SKIP_VERIFY": "false", "USE_TOKEN_AUTH": "true", "MAX_TOKENS": "4096", "TRACE_ID": "${LEGACY}" }
    }
  }
}`,
    // Odd shapes report nothing and never throw.
    '[]',
    '"just a string"',
    '{ "mcpServers": [] }',
    '{ "mcpServers": { "a": "x", "b": null, "c": { "env": [], "args": {}, "headers": [], "url": 5 } } }',
    { filename: 'mcp.json', code: '{ "servers": { "a": { "args": [1, null, "--password", { "x": "y" }], "env": { "A": { "nested": true } } } } }' },
    '{ "mcp": { "servers": 5 }, "context_servers": [] }',
  ],
  invalid: [
    {
      name: '.mcp.json: a literal Vault token in env',
      filename: '.mcp.json',
      code: claudeCodeEnv,
      errors: [error(claudeCodeEnv, `"${HVS}"`, 'vaultToken', { endColumn: at(claudeCodeEnv, `"${HVS}"`).column + HVS.length + 2 })],
    },
    {
      name: 'claude_desktop_config.json: role_id is fine, secret_id is not',
      filename: 'claude_desktop_config.json',
      code: claudeDesktopAppRole,
      errors: [error(claudeDesktopAppRole, '"0b7a6c4d', 'secretValue', { data: { name: 'VAULT_SECRET_ID' } })],
    },
    {
      name: '.vscode/mcp.json (`servers`, JSONC): a URL with a password',
      filename: '.vscode/mcp.json',
      code: vscodeServers,
      errors: [error(vscodeServers, '"postgresql://', 'urlPassword', { data: { user: 'mcp' } })],
    },
    {
      name: 'docker args: -e VAULT_TOKEN=<legacy token>',
      code: dockerArgs,
      errors: [error(dockerArgs, '"VAULT_TOKEN=', 'vaultTokenVariable', { data: { name: 'VAULT_TOKEN' } })],
    },
    {
      name: 'args: --password=value and --api-key value',
      code: passwordFlags,
      errors: [
        error(passwordFlags, '"--password=', 'secretArgument', { data: { name: 'password' } }),
        error(passwordFlags, '"sk-live-abcdef"', 'secretArgument', { data: { name: 'api-key' } }),
      ],
    },
    {
      name: 'args: a postgres URL with a password',
      code: postgresArg,
      errors: [error(postgresArg, '"postgresql://', 'urlPassword', { data: { user: 'mcp' } })],
    },
    {
      name: 'args: a Vault root token',
      code: rootTokenArg,
      errors: [error(rootTokenArg, '"hvs.Qm7', 'vaultToken')],
    },
    {
      name: 'remote server headers: a literal bearer token and a Vault token',
      filename: '.cursor/mcp.json',
      code: remoteHeaders,
      errors: [
        error(remoteHeaders, '"Bearer sk-live', 'secretHeader', { data: { name: 'Authorization' } }),
        error(remoteHeaders, `"${HVS}"`, 'vaultToken'),
      ],
    },
    {
      name: 'remote server url: an API key in the query string',
      code: urlQuery,
      errors: [error(urlQuery, '"https://mcp.example.com/sse', 'secretInUrlQuery', { data: { name: 'api_key' } })],
    },
    {
      name: '.claude.json: per-project mcpServers nested under projects',
      filename: '.claude.json',
      code: claudeJsonProjects,
      errors: [error(claudeJsonProjects, '"ghp_', 'secretValue', { data: { name: 'GITHUB_PERSONAL_ACCESS_TOKEN' } })],
    },
    {
      name: 'VS Code user settings: mcp.servers',
      filename: '.vscode/settings.json',
      code: vscodeSettings,
      errors: [error(vscodeSettings, '"4f9a8b7c6d5e"', 'secretValue', { data: { name: 'SEARCH_API_KEY' } })],
    },
  ],
});
