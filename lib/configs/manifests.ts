// The manifest part of `recommended`: YAML (Compose, Kubernetes, Helm values, CI files) and MCP client configs.
// Both languages are re-exported under the plugin's own namespace (`mcp-secrets/yaml`, `mcp-secrets/jsonc`), so these
// configs never register `yml` or `json` themselves and cannot clash with a user's own copy of those plugins.
import type { ESLint, Linter } from 'eslint';
import json from '@eslint/json';
import yml from 'eslint-plugin-yml';
import { jsonRules, yamlRules } from '../rules/index.js';

export const manifestLanguages: { yaml: typeof yml.languages.yaml; jsonc: typeof json.languages.jsonc } = {
  yaml: yml.languages.yaml,
  jsonc: json.languages.jsonc,
};

export const YAML_FILES = ['**/*.yml', '**/*.yaml'];

/** Helm chart templates are Go templates, not YAML, until rendered; lock files are large and hold no credentials. */
export const YAML_IGNORES = ['**/templates/**', '**/pnpm-lock.yaml'];

/** MCP client configs by name: Claude Code, generic, Cursor, VS Code, Claude Desktop, and the other common clients. */
export const MCP_CONFIG_FILES = [
  '**/.mcp.json',
  '**/mcp.json',
  '**/.cursor/mcp.json',
  '**/.vscode/mcp.json',
  '**/claude_desktop_config.json',
  '**/.claude.json',
  '**/cline_mcp_settings.json',
  '**/mcp_config.json',
  '**/mcp_settings.json',
  '**/.gemini/settings.json',
  '**/.vscode/settings.json',
];

/** Every other JSON file: the rule acts only on documents with an `mcpServers` key, found in a few lookups. */
export const ANY_JSON_FILES = ['**/*.json'];
export const ANY_JSON_IGNORES = ['**/package-lock.json', '**/npm-shrinkwrap.json'];

/**
 * Core JS rules that throw on a JSON AST (measured against every rule in @eslint/js with ESLint 10). They are turned
 * off here for the files these configs claim, because users often enable `js.configs.recommended` without `files`.
 */
const CORE_RULES_THAT_CRASH_ON_JSON: Linter.RulesRecord = {
  'no-irregular-whitespace': 'off',
  strict: 'off',
  'logical-assignment-operators': 'off',
};

function ruleEntries(rules: Record<string, unknown>): Linter.RulesRecord {
  return Object.fromEntries(Object.keys(rules).map((name) => [`mcp-secrets/${name}`, 'error']));
}

/** The YAML and MCP-config config objects of `recommended` (each named, so users can filter them). */
export function recommendedManifests(plugin: ESLint.Plugin): Linter.Config[] {
  const jsonSettings = {
    plugins: { 'mcp-secrets': plugin },
    language: 'mcp-secrets/jsonc',
    // MCP configs are JSON with comments in VS Code and Cursor; JSONC with trailing commas reads every client's files.
    languageOptions: { allowTrailingCommas: true },
    rules: { ...CORE_RULES_THAT_CRASH_ON_JSON, ...ruleEntries(jsonRules) },
  } satisfies Linter.Config;
  return [
    {
      name: 'mcp-secrets/recommended/yaml',
      files: YAML_FILES,
      ignores: YAML_IGNORES,
      plugins: { 'mcp-secrets': plugin },
      language: 'mcp-secrets/yaml',
      rules: ruleEntries(yamlRules),
    },
    { name: 'mcp-secrets/recommended/mcp-config', files: MCP_CONFIG_FILES, ...jsonSettings },
    { name: 'mcp-secrets/recommended/any-json', files: ANY_JSON_FILES, ignores: ANY_JSON_IGNORES, ...jsonSettings },
  ];
}
