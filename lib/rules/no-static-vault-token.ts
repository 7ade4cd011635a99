// Reports every read of VAULT_TOKEN / BAO_TOKEN from the environment (process.env in any spelling, or a config
// object parsed from it), once, where it is read. When the value reaches a known sink in the same file, the message
// names it. Where a node-vault client is built from the token and only used through read/write/delete/list, editor
// suggestions rebuild it with mcp-secrets-runtime's createVaultClient().
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { propertyKeyName, staticStringOf, unwrap } from '../util/ast.js';
import { definitionOf, memberKey, variableOf } from '../util/bindings.js';
import { createRule } from '../util/create-rule.js';
import { envReadListeners, type EnvRead } from '../util/env-reads.js';
import { fileMatchesGlobs } from '../util/file-globs.js';
import { requiredModule } from '../util/module-refs.js';
import { runtimeImportFixes } from '../util/runtime-imports.js';
import { anyWord, sourceMentions } from '../util/source-gate.js';
import { isVaultTokenEnvName } from '../util/secret-names.js';
import { tokenSinkOf } from '../util/token-sinks.js';
import { bindingUses, outermostValue, valueUses } from '../util/value-flow.js';
import { isNodeVaultFactoryCall } from '../util/vault-clients.js';

/** Every report reads VAULT_TOKEN or BAO_TOKEN (any case) by name. */
const TOKEN_NAME_TEXT = anyWord(['vault_token', 'bao_token']);

type SourceCode = Readonly<TSESLint.SourceCode>;
type MessageIds = 'staticToken' | 'staticTokenToSink' | 'useAuthFromEnv' | 'useAppRole';
type Options = [{ allow?: string[] }];

const RISK =
  'a static Vault token never rotates, cannot be revoked selectively and leaks through process listings, CI logs and crash reports. ' +
  "Let mcp-secrets-runtime's createVaultClient() log in with appRole(), kubernetesAuth() or a Vault Agent tokenFile() instead " +
  '(codemod: vault-token-to-approle).';

/** node-vault options the runtime's client has an equivalent for; anything else means the rewrite is not safe. */
const MAPPABLE_OPTIONS = new Set(['apiVersion', 'endpoint', 'token', 'namespace']);
/** node-vault client methods that keep working unchanged on the runtime's VaultClient, with their argument limits. */
const COMPATIBLE_METHODS = new Map([
  ['read', 1],
  ['write', 2],
  ['list', 1],
  ['delete', 1],
]);

export default createRule<Options, MessageIds>({
  name: 'no-static-vault-token',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading a static Vault token (VAULT_TOKEN / BAO_TOKEN) from the environment',
      recommended: true,
      declarationFiles: false,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Globs (relative to the ESLint cwd) of files where such reads are allowed, e.g. scripts/**.',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      staticToken: `\`{{name}}\` is read from the environment: ${RISK}`,
      staticTokenToSink: `\`{{name}}\` is read from the environment and passed to {{sink}}: ${RISK}`,
      useAuthFromEnv:
        'Build the client with createVaultClient() from mcp-secrets-runtime: it logs in with AppRole, Kubernetes or an Agent token file, whichever the environment provides.',
      useAppRole: 'Build the client with createVaultClient({ auth: appRole() }) from mcp-secrets-runtime: AppRole login with VAULT_ROLE_ID and a secret_id.',
    },
  },
  defaultOptions: [{ allow: [] }],
  create(context, [{ allow = [] }]) {
    // Safe: a report needs an env name VAULT_TOKEN/BAO_TOKEN (any case), and env-reads only takes names from static text.
    if (!sourceMentions(context, TOKEN_NAME_TEXT)) return {};
    if (fileMatchesGlobs(context.filename, context.cwd, allow)) return {};
    const sourceCode = context.sourceCode;
    return envReadListeners(sourceCode, isVaultTokenEnvName, (read) => {
      const uses = read.node.type === AST_NODE_TYPES.MemberExpression ? valueUses(read.node, sourceCode) : bindingUses(read.node, sourceCode);
      const sink = tokenSinkOf(uses, sourceCode);
      context.report({
        node: read.node,
        messageId: sink ? 'staticTokenToSink' : 'staticToken',
        data: { name: read.name, sink },
        suggest: createVaultClientSuggestions(read, sourceCode),
      });
    });
  },
});

/**
 * Suggestions when the read is the `token` option of a node-vault client that the rest of the file only uses in
 * ways the runtime's client keeps: the options map one-to-one (endpoint -> address, namespace), and every use is
 * `client.read/write/list(...)` or a `client.delete(...)` whose result is ignored.
 */
function createVaultClientSuggestions(read: EnvRead, sourceCode: SourceCode): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  if (read.node.type !== AST_NODE_TYPES.MemberExpression) return [];
  const value = outermostValue(read.node);
  const tokenProperty = value.parent;
  if (tokenProperty?.type !== AST_NODE_TYPES.Property || propertyKeyName(tokenProperty) !== 'token') return [];
  const options = tokenProperty.parent;
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return [];
  const call = options.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1 || call.arguments[0] !== options) return [];
  if (!isNodeVaultFactoryCall(call, sourceCode)) return [];
  const properties = mappableProperties(options);
  if (!properties || !clientUsesAreCompatible(call, sourceCode)) return [];
  const replacedImport = nodeVaultImportUsedOnlyBy(call, sourceCode);

  const build = (withAppRole: boolean) => (fixer: TSESLint.RuleFixer): TSESLint.RuleFix[] | null => {
    const names = withAppRole ? ['createVaultClient', 'appRole'] : ['createVaultClient'];
    const imports = runtimeImportFixes(fixer, sourceCode, names, call, replacedImport);
    if (!imports) return null;
    return [...imports, ...rewriteCall(fixer, sourceCode, call, properties, tokenProperty, withAppRole)];
  };
  return [
    { messageId: 'useAuthFromEnv', fix: build(false) },
    { messageId: 'useAppRole', fix: build(true) },
  ];
}

/** The options object's properties when every one of them has a runtime equivalent, else undefined. */
function mappableProperties(options: TSESTree.ObjectExpression): TSESTree.Property[] | undefined {
  const properties: TSESTree.Property[] = [];
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.method || property.kind !== 'init') return undefined;
    const key = propertyKeyName(property);
    if (key === undefined || !MAPPABLE_OPTIONS.has(key)) return undefined;
    if (key === 'apiVersion' && staticStringOf(property.value) !== 'v1') return undefined;
    properties.push(property);
  }
  return properties;
}

/** `const client = vault({...})` (not exported, not typed as a node-vault client) used only through compatible calls. */
function clientUsesAreCompatible(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const parent = call.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === call) return isCompatibleUse(call, sourceCode);
  if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== call) return false;
  const id = parent.id;
  if (id.type !== AST_NODE_TYPES.Identifier || id.typeAnnotation) return false;
  const declaration = parent.parent;
  if (declaration.kind !== 'const' || declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  const variable = variableOf(id, sourceCode);
  if (!variable || !definitionOf(id, sourceCode)) return false;
  const uses = variable.references.filter((ref) => ref.identifier !== id);
  return uses.every((ref) => isCompatibleUse(ref.identifier as TSESTree.Node, sourceCode));
}

function isCompatibleUse(client: TSESTree.Node, sourceCode: SourceCode): boolean {
  const member = client.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== client) return false;
  const method = memberKey(member, sourceCode);
  const maxArgs = method === undefined ? undefined : COMPATIBLE_METHODS.get(method);
  const call = member.parent;
  if (maxArgs === undefined || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
  if (call.arguments.length > maxArgs || call.arguments.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return false;
  if (method !== 'delete') return true;
  // node-vault's delete resolves to the response body, the runtime's to nothing: only safe when the result is unused.
  const statement = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent.parent : call.parent;
  return statement?.type === AST_NODE_TYPES.ExpressionStatement;
}

/** The `import vault from 'node-vault'` / `const vault = require('node-vault')` statement, if this call is its only use. */
function nodeVaultImportUsedOnlyBy(call: TSESTree.CallExpression, sourceCode: SourceCode): TSESTree.Node | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(callee, sourceCode);
  const def = definitionOf(callee, sourceCode);
  if (!variable || !def) return undefined;
  const otherUses = variable.references.filter((ref) => ref.identifier !== callee && ref.identifier !== def.name);
  if (otherUses.length > 0) return undefined;
  if (def.type === 'ImportBinding') {
    const declaration = def.node.parent;
    return declaration?.type === AST_NODE_TYPES.ImportDeclaration && declaration.specifiers.length === 1 ? declaration : undefined;
  }
  if (def.type === 'Variable' && def.node.id === def.name && def.node.init && requiredModule(def.node.init, sourceCode) === 'node-vault') {
    const declaration = def.parent;
    return declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.declarations.length === 1 ? declaration : undefined;
  }
  return undefined;
}

/**
 * Rewrites `vault({ apiVersion: 'v1', endpoint: E, token: T, namespace: N })` in place, keeping comments and layout:
 * the callee becomes createVaultClient, endpoint becomes address, apiVersion goes, and the token option goes (or
 * becomes `auth: appRole()`).
 */
function rewriteCall(
  fixer: TSESLint.RuleFixer,
  sourceCode: SourceCode,
  call: TSESTree.CallExpression,
  properties: TSESTree.Property[],
  tokenProperty: TSESTree.Property,
  withAppRole: boolean,
): TSESLint.RuleFix[] {
  const fixes: TSESLint.RuleFix[] = [fixer.replaceText(call.callee, 'createVaultClient')];
  const removed = properties.filter((p) => propertyKeyName(p) === 'apiVersion' || (p === tokenProperty && !withAppRole));
  const kept = properties.filter((p) => !removed.includes(p));
  if (kept.length === 0) {
    // Nothing left to pass: `createVaultClient()`.
    const open = sourceCode.getTokenAfter(call.callee, { filter: (t) => t.value === '(' });
    const close = sourceCode.getLastToken(call);
    if (open && close) fixes.push(fixer.replaceTextRange([open.range[0], close.range[1]], '()'));
    return fixes;
  }
  for (const range of mergeRanges(removed.map((p) => removalRange(sourceCode, properties, p, kept)))) {
    fixes.push(fixer.removeRange(range));
  }
  for (const property of kept) {
    if (propertyKeyName(property) !== 'endpoint') continue;
    fixes.push(property.shorthand ? fixer.replaceText(property, 'address: endpoint') : fixer.replaceText(property.key, 'address'));
  }
  if (withAppRole) {
    fixes.push(fixer.replaceText(tokenProperty, 'auth: appRole()'));
    const comma = sourceCode.getTokenAfter(tokenProperty);
    const after = comma?.value === ',' ? comma : sourceCode.getLastToken(tokenProperty);
    // A comment on the token's line is about the token: it goes with it.
    for (const comment of after ? sourceCode.getCommentsAfter(after) : []) {
      if (comment.loc.start.line === tokenProperty.loc.end.line && after) fixes.push(fixer.removeRange([after.range[1], comment.range[1]]));
    }
  }
  return fixes;
}

/** A property's text with its separator; a property alone on its line(s) goes with the whole line and its comment. */
function removalRange(sourceCode: SourceCode, all: TSESTree.Property[], property: TSESTree.Property, kept: TSESTree.Property[]): [number, number] {
  const text = sourceCode.text;
  const lineStart = text.lastIndexOf('\n', property.range[0] - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, property.range[0]))) {
    const rest = /^[ \t]*,?[ \t]*(?:\/\/[^\n]*)?\n/.exec(text.slice(property.range[1]));
    if (rest) return [lineStart, property.range[1] + rest[0].length];
  }
  const index = all.indexOf(property);
  const next = all[index + 1];
  if (next) return [property.range[0], next.range[0]];
  const previousKept = [...kept].reverse().find((p) => p.range[1] <= property.range[0]);
  return [previousKept ? previousKept.range[1] : property.range[0], property.range[1]];
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
