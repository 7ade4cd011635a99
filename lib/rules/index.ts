// The rule registry: one import per rule file. README's rules table is generated from this map (scripts/sync-readme.ts).
import noHardcodedVaultToken from './no-hardcoded-vault-token.js';
import noModuleScopeSecret from './no-module-scope-secret.js';
import noNaiveSecretFileParsing from './no-naive-secret-file-parsing.js';
import noSecretInLog from './no-secret-in-log.js';
import noSecretInManifest from './no-secret-in-manifest.js';
import noSecretInMcpConfig from './no-secret-in-mcp-config.js';
import noSecretInToolResult from './no-secret-in-tool-result.js';
import noStaticDbCredentials from './no-static-db-credentials.js';
import noStaticVaultToken from './no-static-vault-token.js';
import noSwallowedRenewalError from './no-swallowed-renewal-error.js';
import requireTlsVerification from './require-tls-verification.js';

/** Rules that lint JS/TS source. */
export const codeRules = {
  'no-static-vault-token': noStaticVaultToken,
  'no-hardcoded-vault-token': noHardcodedVaultToken,
  'no-static-db-credentials': noStaticDbCredentials,
  'no-module-scope-secret': noModuleScopeSecret,
  'no-swallowed-renewal-error': noSwallowedRenewalError,
  'require-tls-verification': requireTlsVerification,
  'no-secret-in-log': noSecretInLog,
  'no-secret-in-tool-result': noSecretInToolResult,
  'no-naive-secret-file-parsing': noNaiveSecretFileParsing,
};

/** Rules that lint YAML manifests. */
export const yamlRules = {
  'no-secret-in-manifest': noSecretInManifest,
};

/** Rules that lint MCP client configs (JSON/JSONC). */
export const jsonRules = {
  'no-secret-in-mcp-config': noSecretInMcpConfig,
};

export const rules = { ...codeRules, ...yamlRules, ...jsonRules };
export type RuleName = keyof typeof rules;
