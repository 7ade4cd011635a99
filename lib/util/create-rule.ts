import { ESLintUtils } from '@typescript-eslint/utils';

export interface McpSecretsRuleDocs {
  /** Part of `configs.recommended` (every rule there is an error). */
  recommended: boolean;
}

/** Every rule is built through this, so its docs URL points at docs/rules/<name>.md. */
export const createRule = ESLintUtils.RuleCreator<McpSecretsRuleDocs>(
  (name) => `https://github.com/mcp-secrets/eslint-plugin-mcp-secrets/blob/main/docs/rules/${name}.md`,
);
