import type { ESLint, Linter } from 'eslint';
import { recommendedCode } from './configs/code.js';
import { manifestLanguages, recommendedManifests } from './configs/manifests.js';
import { rules } from './rules/index.js';
import { packageInfo } from './util/package-info.js';

interface McpSecretsPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  /** YAML and JSONC, re-exported so the manifest configs need no other plugin namespace. */
  languages: typeof manifestLanguages;
  configs: {
    /** Code, YAML manifests and MCP client configs. */
    recommended: Linter.Config[];
    /** Only the JS/TS rules, for projects that lint nothing else with ESLint. */
    'recommended-code': Linter.Config[];
  };
}

const plugin: McpSecretsPlugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace: 'mcp-secrets' },
  rules,
  languages: manifestLanguages,
  configs: { recommended: [], 'recommended-code': [] },
};

// The configs refer to the plugin object itself, so they are filled in once it exists.
const asEslintPlugin = plugin as unknown as ESLint.Plugin;
plugin.configs['recommended-code'] = recommendedCode(asEslintPlugin);
plugin.configs.recommended = [...plugin.configs['recommended-code'], ...recommendedManifests(asEslintPlugin)];

export default plugin;
export { rules };
