// Where a Vault token value ends up in the same file, described for a message: node-vault's `token` option or
// `client.token =`, @litehex/node-vault's `token` option, a hashi-vault-js token argument, an `X-Vault-Token` or
// `Authorization: Bearer` header (naming the HTTP call when it is fetch/undici/axios/got/http.request), or a local
// function/constructor parameter that is token-named or passes the value on to one of these.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, lastNameOf, propertyKeyName, shortText, staticStringOf, unwrap, type FunctionNode } from './ast.js';
import { definitionOf, memberKey, readReferencesOf } from './bindings.js';
import { isCredentialName, nameWords } from './secret-names.js';
import { objectUses, valueUses } from './value-flow.js';
import { isCallLike, isHashiVaultJsInstance, isHttpClientCallee, isLitehexClientCall, isNodeVaultFactoryCall, nodeVaultClientCall } from './vault-clients.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const MAX_CALL_DEPTH = 2;

/** Names that say "a token" (`token`, `vaultToken`, `authToken`, `client_token`), not `tokenPath` or `maxTokens`. */
export function isTokenName(name: string): boolean {
  return isCredentialName(name) && nameWords(name).at(-1) === 'token';
}

/** The first known sink among the given uses of a token value, described for a message. */
export function tokenSinkOf(uses: readonly TSESTree.Node[], sourceCode: SourceCode, depth = 0): string | undefined {
  for (const use of uses) {
    const sink = sinkAt(use, sourceCode, depth);
    if (sink) return sink;
  }
  return undefined;
}

function sinkAt(use: TSESTree.Node, sourceCode: SourceCode, depth: number): string | undefined {
  const parent = use.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case AST_NODE_TYPES.Property: {
      if (parent.value !== use || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      const key = propertyKeyName(parent);
      if (key === undefined) return undefined;
      if (key.toLowerCase() === 'x-vault-token') return headerSink('X-Vault-Token', parent.parent, sourceCode);
      if (isTokenName(key)) return optionSink(key, parent.parent, sourceCode, depth);
      return undefined;
    }
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
      return bearerSink(parent, sourceCode);
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== use || parent.left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const key = memberKey(parent.left, sourceCode);
      if (key === undefined) return undefined;
      if (key.toLowerCase() === 'x-vault-token') return 'the `X-Vault-Token` header';
      if (key !== 'token') return undefined;
      return nodeVaultClientCall(parent.left.object, sourceCode)
        ? "node-vault's `client.token`"
        : `\`${shortText(sourceCode.getText(parent.left))}\``;
    }
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return argumentSink(parent, use, sourceCode, depth);
    default:
      return undefined;
  }
}

/** `{ token: t }` handed to node-vault, @litehex/node-vault, or any call whose option is token-named. */
function optionSink(key: string, object: TSESTree.ObjectExpression, sourceCode: SourceCode, depth: number): string | undefined {
  for (const use of objectUses(object, sourceCode)) {
    const call = use.parent;
    if (!isCallLike(call) || !call.arguments.includes(use as TSESTree.CallExpressionArgument)) continue;
    if (isNodeVaultFactoryCall(call, sourceCode)) return `node-vault's \`${key}\` option`;
    if (isLitehexClientCall(call, sourceCode)) return `@litehex/node-vault's \`${key}\` option`;
    const inner = destructuredParameterSink(call, call.arguments.indexOf(use as TSESTree.CallExpressionArgument), key, sourceCode, depth);
    if (inner) return inner;
    return `the \`${key}\` option of \`${calleeLabel(call, sourceCode)}\``;
  }
  return undefined;
}

/** A header object: name the HTTP call it is sent with, when that is visible. */
function headerSink(header: string, headers: TSESTree.ObjectExpression, sourceCode: SourceCode): string {
  const call = httpCallOf(headers, sourceCode);
  return call ? `the \`${header}\` header of \`${calleeLabel(call, sourceCode)}\`` : `the \`${header}\` header`;
}

function httpCallOf(headers: TSESTree.ObjectExpression, sourceCode: SourceCode): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  for (const use of objectUses(headers, sourceCode)) {
    const parent = use.parent;
    // `{ headers: { ... } }` passed to the client, or `new Headers({...})` passed on.
    if (parent?.type === AST_NODE_TYPES.Property && parent.value === use && propertyKeyName(parent) === 'headers' && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      for (const optionsUse of objectUses(parent.parent, sourceCode)) {
        const call = optionsUse.parent;
        if (isCallLike(call) && call.callee !== optionsUse && isHttpClientCallee(call.callee, sourceCode)) return call;
      }
    }
    if (isCallLike(parent) && parent.callee !== use && isHttpClientCallee(parent.callee, sourceCode)) return parent;
  }
  return undefined;
}

/** `Bearer ${t}` / 'Bearer ' + t used as an Authorization header. */
function bearerSink(concat: TSESTree.TemplateLiteral | TSESTree.BinaryExpression, sourceCode: SourceCode): string | undefined {
  let top: TSESTree.Node = concat;
  while (top.parent?.type === AST_NODE_TYPES.BinaryExpression && top.parent.operator === '+') top = top.parent;
  if (!staticPartsOf(top).some((part) => /\bbearer\s*$/i.test(part))) return undefined;
  for (const use of valueUses(top, sourceCode)) {
    const parent = use.parent;
    if (parent?.type === AST_NODE_TYPES.Property && parent.value === use && propertyKeyName(parent)?.toLowerCase() === 'authorization' && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      return headerSink('Authorization: Bearer', parent.parent, sourceCode);
    }
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression && memberKey(parent.left, sourceCode)?.toLowerCase() === 'authorization') {
      return 'the `Authorization: Bearer` header';
    }
    if (isCallLike(parent) && parent.arguments[1] === use && staticStringOf(parent.arguments[0])?.toLowerCase() === 'authorization') {
      return 'the `Authorization: Bearer` header';
    }
  }
  return undefined;
}

function staticPartsOf(node: TSESTree.Node): string[] {
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.quasis.map((q) => q.value.cooked ?? '');
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') return [...staticPartsOf(node.left), ...staticPartsOf(node.right)];
  const text = staticStringOf(node);
  return text === undefined ? [] : [text];
}

/** The token passed as an argument: to a header setter, a hashi-vault-js method, or a local function. */
function argumentSink(call: TSESTree.CallExpression | TSESTree.NewExpression, use: TSESTree.Node, sourceCode: SourceCode, depth: number): string | undefined {
  const index = call.arguments.indexOf(use as TSESTree.CallExpressionArgument);
  if (index < 0) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    // headers.set('X-Vault-Token', t), req.setHeader('X-Vault-Token', t)
    const method = memberKey(callee, sourceCode);
    if (index === 1 && method && /^(set|append|setHeader|header)$/.test(method) && staticStringOf(call.arguments[0])?.toLowerCase() === 'x-vault-token') {
      return 'the `X-Vault-Token` header';
    }
    if (isHashiVaultJsInstance(callee.object, sourceCode)) return `the token argument of hashi-vault-js \`${method ?? 'method'}()\``;
  }
  return parameterSink(call, index, sourceCode, depth);
}

/** A local function or class the call resolves to, and its parameter at `index`. */
function calleeFunction(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): FunctionNode | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = definitionOf(callee, sourceCode);
  if (!def) return undefined;
  if (def.type === 'FunctionName' && isFunctionNode(def.node)) return def.node;
  if (def.type === 'ClassName' && (def.node.type === AST_NODE_TYPES.ClassDeclaration || def.node.type === AST_NODE_TYPES.ClassExpression)) {
    const ctor = def.node.body.body.find(
      (member): member is TSESTree.MethodDefinition => member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor',
    );
    return ctor?.value.type === AST_NODE_TYPES.FunctionExpression ? ctor.value : undefined;
  }
  if (def.type === 'Variable' && def.node.id === def.name && def.node.init) {
    const init = unwrap(def.node.init);
    return isFunctionNode(init) ? init : undefined;
  }
  return undefined;
}

function parameterIdentifier(param: TSESTree.Parameter | undefined): TSESTree.Identifier | undefined {
  if (!param) return undefined;
  if (param.type === AST_NODE_TYPES.TSParameterProperty) return parameterIdentifier(param.parameter);
  if (param.type === AST_NODE_TYPES.AssignmentPattern) return param.left.type === AST_NODE_TYPES.Identifier ? param.left : undefined;
  return param.type === AST_NODE_TYPES.Identifier ? param : undefined;
}

/** `new VaultService(t)` / `connect(t)`: the parameter is token-named, or the function passes it to a sink. */
function parameterSink(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, sourceCode: SourceCode, depth: number): string | undefined {
  const fn = calleeFunction(call, sourceCode);
  const param = parameterIdentifier(fn?.params[index]);
  if (!fn || !param) return undefined;
  const label = calleeLabel(call, sourceCode);
  if (depth < MAX_CALL_DEPTH) {
    const inner = tokenSinkOf(readReferencesOf(param, sourceCode).flatMap((ref) => valueUses(ref, sourceCode)), sourceCode, depth + 1);
    if (inner) return `\`${label}\`, which passes it to ${inner}`;
  }
  return isTokenName(param.name) ? `the \`${param.name}\` parameter of \`${label}\`` : undefined;
}

/** `new VaultService({ token: t })` where the constructor destructures `{ token }` and passes it on. */
function destructuredParameterSink(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, key: string, sourceCode: SourceCode, depth: number): string | undefined {
  if (depth >= MAX_CALL_DEPTH) return undefined;
  const fn = calleeFunction(call, sourceCode);
  let param: TSESTree.Node | undefined = fn?.params[index];
  if (param?.type === AST_NODE_TYPES.AssignmentPattern) param = param.left;
  if (param?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const property = param.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKeyName(p) === key);
  const value = property?.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property?.value;
  if (value?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const inner = tokenSinkOf(readReferencesOf(value, sourceCode).flatMap((ref) => valueUses(ref, sourceCode)), sourceCode, depth + 1);
  return inner ? `\`${calleeLabel(call, sourceCode)}\`, which passes it to ${inner}` : undefined;
}

/** `fetch()`, `axios.get()`, `new VaultService()`: the callee as a short label. */
export function calleeLabel(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): string {
  const callee = unwrap(call.callee);
  const text = callee.type === AST_NODE_TYPES.Identifier || callee.type === AST_NODE_TYPES.MemberExpression ? shortText(sourceCode.getText(callee), 30) : lastNameOf(callee) ?? 'call';
  return `${call.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${text}()`;
}

