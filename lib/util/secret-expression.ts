// Finds secrets inside an expression that is about to leave the process (a log call's arguments, an MCP tool
// result): the whole environment, a secret-named env read, a Vault login response, or a binding / member whose name
// is a credential. Walks only what becomes part of the output: template and `+` parts, object values, array
// elements, conditional branches, and serialisers (JSON.stringify, util.inspect, Object.entries...). Masking calls
// (`redact(token)`, `token.slice(-4)`), predicates (`!!token`, `typeof token`) and `.length` are not secrets.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, propertyKeyName, shortText, unwrap } from './ast.js';
import { bindingSource, definitionOf, memberKey } from './bindings.js';
import { envValueOf, isWholeEnv } from './env-reads.js';
import { isCredentialName, isSecretEnvName, nameWords, slotQualifiesAway } from './secret-names.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export type SecretKind = 'wholeEnv' | 'secretEnv' | 'secretBinding' | 'vaultLogin';

export interface SecretFinding {
  /** Where to report: the part of the output expression that carries the secret. */
  node: TSESTree.Node;
  kind: SecretKind;
  /** What it is, for the message: `process.env`, `DB_PASSWORD`, `creds.password`, `t (from config.apiKey)`. */
  what: string;
}

export interface FindSecretsOptions {
  /** Also look into the bodies of arrow callbacks (`rows.map((r) => r.password)`): what they return is output. */
  followCallbacks?: boolean;
}

/** Serialisers whose output contains their (first or every) argument. */
const SERIALISERS = new Set(['stringify', 'inspect', 'format', 'entries', 'values', 'assign', 'structuredClone', 'fromEntries', 'String', 'from', 'concat']);
/** Methods whose result still carries the receiver's full value. */
const PASSING_METHODS = new Set(['toString', 'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'concat', 'join', 'valueOf', 'toJSON']);
/** Array methods whose callback result becomes output. */
const CALLBACK_METHODS = new Set(['map', 'flatMap']);
/** Vault login calls (node-vault, @litehex/node-vault and raw writes): their response carries client_token. */
const VAULT_LOGIN = /Login$|^tokenCreate|^createToken$/;
/** Calls named get/fetch/read/load + a credential (`getToken()`, `readSecret()`), or the runtime's `client.token()`. */
const SECRET_GETTER_PREFIXES = new Set(['get', 'fetch', 'read', 'load', 'resolve']);

const MAX_ALIAS_DEPTH = 4;

/** Every secret the expression would put in the output, at most one per node. */
export function findSecrets(expression: TSESTree.Node, sourceCode: SourceCode, options: FindSecretsOptions = {}): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const seen = new Set<TSESTree.Node>();
  walk(expression, 0, undefined);
  return findings;

  /** `reportAt`: when following an alias, findings are reported at the alias used in the output. */
  function walk(node: TSESTree.Node, aliasDepth: number, reportAt: TSESTree.Identifier | undefined): void {
    if (seen.has(node)) return;
    seen.add(node);
    const add = (at: TSESTree.Node, kind: SecretKind, what: string): void => {
      findings.push(reportAt ? { node: reportAt, kind, what: `${reportAt.name} (from ${what})` } : { node: at, kind, what });
    };
    const inner = unwrap(node);
    switch (inner.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
      case AST_NODE_TYPES.MetaProperty: {
        if (isWholeEnv(inner, sourceCode)) return add(inner, 'wholeEnv', shortText(sourceCode.getText(inner)));
        const read = envValueOf(inner, sourceCode);
        if (read) {
          if (isSecretEnvName(read.name)) add(inner, 'secretEnv', read.name);
          return;
        }
        if (inner.type === AST_NODE_TYPES.MetaProperty) return;
        if (isVaultLoginResult(inner, sourceCode)) return add(inner, 'vaultLogin', shortText(sourceCode.getText(inner)));
        const name = inner.type === AST_NODE_TYPES.Identifier ? inner.name : memberKey(inner, sourceCode);
        if (name !== undefined && isCredentialName(name) && !isFunctionBinding(inner, sourceCode) && !isQualifiedByItsSlot(inner, name, sourceCode)) {
          return add(inner, 'secretBinding', shortText(sourceCode.getText(inner)));
        }
        if (inner.type === AST_NODE_TYPES.Identifier && aliasDepth < MAX_ALIAS_DEPTH) followAlias(inner, aliasDepth, reportAt);
        return;
      }
      case AST_NODE_TYPES.TemplateLiteral:
        return inner.expressions.forEach((e) => walk(e, aliasDepth, reportAt));
      case AST_NODE_TYPES.BinaryExpression:
        if (inner.operator === '+') {
          walk(inner.left, aliasDepth, reportAt);
          walk(inner.right, aliasDepth, reportAt);
        }
        return;
      case AST_NODE_TYPES.LogicalExpression:
        walk(inner.left, aliasDepth, reportAt);
        walk(inner.right, aliasDepth, reportAt);
        return;
      case AST_NODE_TYPES.ConditionalExpression:
        walk(inner.consequent, aliasDepth, reportAt);
        walk(inner.alternate, aliasDepth, reportAt);
        return;
      case AST_NODE_TYPES.ObjectExpression:
        for (const property of inner.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) walk(property.argument, aliasDepth, reportAt);
          else if (!property.method && property.kind === 'init') walk(property.value, aliasDepth, reportAt);
        }
        return;
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of inner.elements) if (element) walk(element, aliasDepth, reportAt);
        return;
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.AwaitExpression:
        return walk(inner.argument, aliasDepth, reportAt);
      case AST_NODE_TYPES.SequenceExpression:
        return walk(inner.expressions[inner.expressions.length - 1], aliasDepth, reportAt);
      case AST_NODE_TYPES.NewExpression:
        // `new Error(\`... ${token}\`)` carries its message.
        if (/Error$/.test(lastNameOf(inner.callee) ?? '')) inner.arguments.forEach((a) => walk(a, aliasDepth, reportAt));
        return;
      case AST_NODE_TYPES.CallExpression:
        return walkCall(inner, aliasDepth, reportAt, add);
      default:
        return;
    }
  }

  function walkCall(
    call: TSESTree.CallExpression,
    aliasDepth: number,
    reportAt: TSESTree.Identifier | undefined,
    add: (at: TSESTree.Node, kind: SecretKind, what: string) => void,
  ): void {
    const callee = unwrap(call.callee);
    const name = lastNameOf(callee);
    if (name === undefined) return;
    if (SERIALISERS.has(name) || /Error$/.test(name)) {
      call.arguments.forEach((a) => walk(a, aliasDepth, reportAt));
      if (name === 'concat' && callee.type === AST_NODE_TYPES.MemberExpression) walk(callee.object, aliasDepth, reportAt);
      return;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && PASSING_METHODS.has(name)) {
      walk(callee.object, aliasDepth, reportAt);
      if (name === 'concat') call.arguments.forEach((a) => walk(a, aliasDepth, reportAt));
      return;
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression && CALLBACK_METHODS.has(name)) {
      // `Object.entries(process.env).map(...)`: the mapped items come from the receiver.
      walk(callee.object, aliasDepth, reportAt);
      const callback = call.arguments[0];
      if (options.followCallbacks && callback?.type === AST_NODE_TYPES.ArrowFunctionExpression && callback.body.type !== AST_NODE_TYPES.BlockStatement) {
        walk(callback.body, aliasDepth, reportAt);
      }
      return;
    }
    if (isSecretGetter(name)) add(call, 'secretBinding', `${shortText(sourceCode.getText(callee))}()`);
  }

  /** `const t = creds.password; log(t)`: the alias carries what its initializer carries. */
  function followAlias(identifier: TSESTree.Identifier, aliasDepth: number, reportAt: TSESTree.Identifier | undefined): void {
    const def = definitionOf(identifier, sourceCode);
    if (def?.type !== 'Variable') return;
    const origin = bindingSource(def.name);
    if (!origin) return;
    const at = reportAt ?? identifier;
    if (origin.steps.length === 0) return walk(origin.source, aliasDepth + 1, at);
    // `const { password: p } = creds`: the destructured key names what it is.
    const last = origin.steps[origin.steps.length - 1];
    if ('key' in last && isCredentialName(last.key)) findings.push({ node: at, kind: 'secretBinding', what: `${at.name} (from ${last.key})` });
  }
}

/** `getToken()`, `readSecret()`, `client.token()`: calls that return a credential. */
function isSecretGetter(name: string): boolean {
  if (name === 'token' || name === 'secret' || name === 'password') return true;
  const words = nameWords(name);
  return words.length >= 2 && SECRET_GETTER_PREFIXES.has(words[0]) && isCredentialName(words.slice(1).join('_'));
}

/** A function or class named like a credential (`getToken`, `parseSecret`) is not one. */
function isFunctionBinding(node: TSESTree.Identifier | TSESTree.MemberExpression, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const def = definitionOf(node, sourceCode);
  if (!def) return false;
  if (def.type === 'FunctionName' || def.type === 'ClassName') return true;
  return def.type === 'Variable' && def.node.id === def.name && !!def.node.init && isFunctionNode(unwrap(def.node.init));
}

/**
 * A parameter named like a credential in a callback whose slot says otherwise: `onresumptiontoken: (token) => ...`
 * (the MCP SDK's SSE resumption id), `{ onPageToken(token) {...} }`, `client.onnexttoken = (token) => ...`.
 */
function isQualifiedByItsSlot(node: TSESTree.Identifier | TSESTree.MemberExpression, name: string, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const def = definitionOf(node, sourceCode);
  if (def?.type !== 'Parameter' || !isFunctionNode(def.node)) return false;
  const fn = def.node;
  const slot = fn.parent;
  let slotName: string | undefined;
  if ((slot?.type === AST_NODE_TYPES.Property || slot?.type === AST_NODE_TYPES.MethodDefinition || slot?.type === AST_NODE_TYPES.PropertyDefinition) && slot.value === fn) {
    slotName = propertyKeyName(slot);
  }
  else if (slot?.type === AST_NODE_TYPES.AssignmentExpression && slot.right === fn) slotName = lastNameOf(slot.left);
  const noun = nameWords(name).at(-1);
  return slotName !== undefined && noun !== undefined && slotQualifiesAway(slotName, noun);
}

/**
 * A Vault login response (or its `.auth`): `const res = await vault.approleLogin(...)`, `client.kubernetesLogin()`,
 * `vault.write('auth/approle/login', ...)`.
 */
function isVaultLoginResult(node: TSESTree.Identifier | TSESTree.MemberExpression, sourceCode: SourceCode): boolean {
  let current: TSESTree.Node = node;
  if (current.type === AST_NODE_TYPES.MemberExpression) {
    if (memberKey(current, sourceCode) !== 'auth') return false;
    current = unwrap(current.object);
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return false;
  const def = definitionOf(current, sourceCode);
  if (def?.type !== 'Variable' || def.node.id !== def.name || !def.node.init) return false;
  let init = unwrap(def.node.init);
  if (init.type === AST_NODE_TYPES.AwaitExpression) init = unwrap(init.argument);
  if (init.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = lastNameOf(init.callee) ?? '';
  if (VAULT_LOGIN.test(name)) return true;
  const path = init.arguments[0];
  return name === 'write' && path?.type === AST_NODE_TYPES.Literal && typeof path.value === 'string' && /^\/?(?:v1\/)?auth\/.+\/login(?:\/|$)/.test(path.value);
}
