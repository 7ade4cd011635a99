// Recognising Vault client libraries and HTTP clients by what they were imported from (module-refs), never by the
// local name: `import vault from 'node-vault'`, `require('node-vault')({...})`, `new Client()` from
// @litehex/node-vault, `new Vault()` from hashi-vault-js, fetch/undici/axios/got/http(s).request.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { unwrap } from './ast.js';
import { constInitOf, isUndeclaredGlobal } from './bindings.js';
import { moduleRefOf } from './module-refs.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

export function isCallLike(node: TSESTree.Node | undefined): node is CallLike {
  return node?.type === AST_NODE_TYPES.CallExpression || node?.type === AST_NODE_TYPES.NewExpression;
}

/** `vault({...})`, `NodeVault({...})`, `require('node-vault')({...})`: node-vault's client factory. */
export function isNodeVaultFactoryCall(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const call = unwrap(node);
  if (!isCallLike(call)) return false;
  const ref = moduleRefOf(call.callee, sourceCode);
  return !!ref && ref.source === 'node-vault' && ref.path.length === 0;
}

/** `new Client({...})` from @litehex/node-vault. */
export function isLitehexClientCall(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const call = unwrap(node);
  if (!isCallLike(call)) return false;
  const ref = moduleRefOf(call.callee, sourceCode);
  return !!ref && ref.source === '@litehex/node-vault' && ref.path.length === 1 && ref.path[0] === 'Client';
}

/** `new Vault({...})` from hashi-vault-js (its default export). */
export function isHashiVaultJsInstance(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier) value = unwrap(constInitOf(value, sourceCode) ?? value);
  if (value.type !== AST_NODE_TYPES.NewExpression) return false;
  const ref = moduleRefOf(value.callee, sourceCode);
  return !!ref && ref.source === 'hashi-vault-js' && ref.path.length <= 1;
}

/** The node-vault factory call a client binding was created by (`const client = vault({...})`). */
export function nodeVaultClientCall(node: TSESTree.Node, sourceCode: SourceCode): CallLike | undefined {
  let value = unwrap(node);
  if (value.type === AST_NODE_TYPES.Identifier) value = unwrap(constInitOf(value, sourceCode) ?? value);
  return isNodeVaultFactoryCall(value, sourceCode) ? (value as CallLike) : undefined;
}

/** Modules whose exports send HTTP requests. */
const HTTP_MODULES = new Set(['undici', 'node-fetch', 'axios', 'got', 'http', 'https', 'ky', 'superagent', 'cross-fetch', 'http2']);
/** Instance factories of those modules (`axios.create()`, `got.extend()`). */
const HTTP_INSTANCE_FACTORIES = new Set(['create', 'extend']);

/** True when the callee sends an HTTP request: fetch (global or imported), undici, axios, got, http(s).request... */
export function isHttpClientCallee(callee: TSESTree.Node, sourceCode: SourceCode): boolean {
  const inner = unwrap(callee);
  if (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'fetch' && isUndeclaredGlobal(inner, sourceCode)) return true;
  if (inner.type === AST_NODE_TYPES.MemberExpression && inner.object.type === AST_NODE_TYPES.Identifier) {
    // globalThis.fetch
    if (inner.object.name === 'globalThis' && isUndeclaredGlobal(inner.object, sourceCode)) return true;
  }
  const ref = moduleRefOf(inner, sourceCode);
  if (ref && HTTP_MODULES.has(ref.source)) return true;
  // An instance: `const api = axios.create({...}); api.get(...)`.
  const object = inner.type === AST_NODE_TYPES.MemberExpression ? unwrap(inner.object) : inner;
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const init = constInitOf(object, sourceCode);
  if (!init) return false;
  const call = unwrap(init);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const factory = moduleRefOf(call.callee, sourceCode);
  return !!factory && HTTP_MODULES.has(factory.source) && HTTP_INSTANCE_FACTORIES.has(factory.path.at(-1) ?? '');
}
