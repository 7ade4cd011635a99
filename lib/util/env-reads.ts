// Recognises reads of environment variables however they are spelled, using ESLint's scope analysis to follow
// bindings (never the text):
//
//   process.env.X, process.env['X'], process.env[`X`], process.env[KEY] (const KEY = 'X'), process.env?.X
//   const { X: alias, ...rest } = process.env;  rest.Y          const { env: { X } } = process
//   const env = process.env; env.X                              import { env } from 'node:process'; env.X
//   import process from 'process' / import * as p / require('node:process'), globalThis.process.env.X
//   import.meta.env.X (Vite)
//   const t = process.env.X                      (a const alias: envValueOf(t) is X, read where `process.env.X` is)
//   process.env.X as string, process.env.X!, <string>process.env.X, process.env.X satisfies string
//   process.env.X ?? '', process.env.X || '', process.env.X.trim(), String(process.env.X)
//   config.X where config = schema.parse(process.env), await schema.parseAsync(process.env),
//     schema.safeParse(process.env).data, cleanEnv(process.env, {...}), createEnv({ runtimeEnv: process.env }),
//     { ...process.env, OTHER: 1 } (OTHER is not an env read), or any call given process.env
//
// API:
//   envReadListeners(sourceCode, wanted, onRead)   rule listeners that call onRead once per env read of a wanted
//                                     name, at Program:exit; the reads are found from the roots of the environment
//                                     (process / globalThis / require('process') / import.meta references) and
//                                     collected once per file for all rules
//   envReadAt(node, sourceCode)       the read a MemberExpression / destructuring Property performs, if any
//   envValueOf(node, sourceCode)      the env var an expression's value comes from (follows const aliases)
//   envReadName(node, sourceCode)     the same, name only
//   isWholeEnv(node, sourceCode)      the expression is the whole environment (process.env or a copy of it)
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isValueWrapper, isWriteTarget, lastNameOf, propertyKeyName, staticStringOf, unwrap } from './ast.js';
import { bindingSource, definitionOf, globalReferences, isUndeclaredGlobal, memberKey, variableOf } from './bindings.js';
import { moduleRefOf } from './module-refs.js';
import { perFileCache } from './per-file-cache.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The node where an env var is read: `process.env.X` / `config.X`, or the `X` property of `const { X } = process.env`. */
export type EnvReadNode = TSESTree.MemberExpression | TSESTree.Property;

export interface EnvRead {
  /** The env var name as written (`VAULT_TOKEN`, `vault_token`). */
  name: string;
  /** Where it is read: report here. */
  node: EnvReadNode;
  /** True when read from a config object built from the environment rather than from process.env itself. */
  viaConfig: boolean;
}

/** What an expression evaluates to, as far as the environment is concerned. */
type EnvValue =
  | { kind: 'global' } // globalThis / global
  | { kind: 'process' } // the process object
  | { kind: 'importMeta' } // import.meta
  | EnvObject
  | { kind: 'var'; read: EnvRead };

interface EnvObject {
  kind: 'env';
  /** Built from the environment (parsed, validated, copied) rather than process.env itself. */
  config: boolean;
  /** Built by a call we do not know: its members may be env vars, but the whole object may be something else. */
  loose: boolean;
  /** Keys an object literal sets itself after spreading the environment (`{ ...process.env, PORT: 1 }`). */
  overrides?: ReadonlySet<string>;
  /** A zod safeParse result: its `.data` is the config. */
  safeParseResult?: boolean;
}

const PROCESS_MODULES = new Set(['process']);
/** Calls that turn an env object into something that is plainly not an env-shaped object. */
const NOT_ENV_SHAPED = new Set([
  'keys',
  'values',
  'entries',
  'getOwnPropertyNames',
  'stringify',
  'isArray',
  'hasOwn',
  'hasOwnProperty',
  'has',
  'includes',
  'Boolean',
  'Number',
  'String',
  'isFrozen',
  'is',
]);
/** Calls that are known to return the (parsed) environment. */
const ENV_BUILDERS = new Set(['parse', 'parseAsync', 'cleanEnv', 'createEnv', 'assign', 'structuredClone', 'freeze', 'envsafe', 'loadEnv', 'validateEnv']);
const SAFE_PARSE = new Set(['safeParse', 'safeParseAsync']);
/** Properties of an options object through which createEnv-style helpers take the environment. */
const RUNTIME_ENV_KEYS = new Set(['runtimeEnv', 'runtimeEnvStrict', 'experimental__runtimeEnv', 'env', 'source']);
/** Methods that return the same secret they are called on. */
const VALUE_PRESERVING_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toString', 'valueOf']);

const cacheFor = perFileCache<TSESTree.Node, EnvValue | null>();

function evaluate(node: TSESTree.Node, sourceCode: SourceCode): EnvValue | undefined {
  const cache = cacheFor(sourceCode);
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  cache.set(node, null); // guards against alias cycles
  const result = compute(node, sourceCode);
  cache.set(node, result ?? null);
  return result;
}

function compute(node: TSESTree.Node, sourceCode: SourceCode): EnvValue | undefined {
  const inner = unwrap(node);
  if (inner !== node) return evaluate(inner, sourceCode);
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return evaluateIdentifier(node, sourceCode);
    case AST_NODE_TYPES.MemberExpression: {
      const key = memberKey(node, sourceCode);
      return key === undefined ? undefined : step(evaluate(node.object, sourceCode), key, node);
    }
    case AST_NODE_TYPES.MetaProperty:
      return node.meta.name === 'import' && node.property.name === 'meta' ? { kind: 'importMeta' } : undefined;
    case AST_NODE_TYPES.AwaitExpression:
      return evaluate(node.argument, sourceCode);
    case AST_NODE_TYPES.LogicalExpression:
      // `process.env.X ?? ''`, `process.env.X || 'default'`: the value is the env var when it is set.
      if (node.operator === '&&') return undefined;
      return evaluate(node.left, sourceCode) ?? evaluate(node.right, sourceCode);
    case AST_NODE_TYPES.TemplateLiteral:
      // `${process.env.X}` alone is the env var as a string.
      if (node.expressions.length === 1 && node.quasis.every((q) => q.value.cooked === '')) {
        const value = evaluate(node.expressions[0], sourceCode);
        return value?.kind === 'var' ? value : undefined;
      }
      return undefined;
    case AST_NODE_TYPES.ObjectExpression:
      return evaluateObjectLiteral(node, sourceCode);
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return evaluateCall(node, sourceCode);
    default:
      return undefined;
  }
}

function step(base: EnvValue | undefined, key: string, at: EnvReadNode): EnvValue | undefined {
  if (!base) return undefined;
  switch (base.kind) {
    case 'global':
      return key === 'process' ? { kind: 'process' } : undefined;
    case 'process':
      return key === 'env' ? { kind: 'env', config: false, loose: false } : undefined;
    case 'importMeta':
      return key === 'env' ? { kind: 'env', config: false, loose: false } : undefined;
    case 'env':
      if (base.safeParseResult) return key === 'data' ? { kind: 'env', config: true, loose: false } : undefined;
      if (base.overrides?.has(key)) return undefined;
      return { kind: 'var', read: { name: key, node: at, viaConfig: base.config } };
    default:
      return undefined;
  }
}

function evaluateIdentifier(identifier: TSESTree.Identifier, sourceCode: SourceCode): EnvValue | undefined {
  const variable = variableOf(identifier, sourceCode);
  if (!variable || variable.defs.length === 0) {
    if (identifier.name === 'process') return { kind: 'process' };
    if (identifier.name === 'globalThis' || identifier.name === 'global') return { kind: 'global' };
    return undefined;
  }
  const def = definitionOf(identifier, sourceCode);
  if (!def) return undefined;
  if (def.type === 'ImportBinding') {
    const ref = moduleRefOf(identifier, sourceCode);
    if (!ref || !PROCESS_MODULES.has(ref.source)) return undefined;
    if (ref.path.length === 0) return { kind: 'process' };
    return ref.path.length === 1 && ref.path[0] === 'env' ? { kind: 'env', config: false, loose: false } : undefined;
  }
  if (def.type !== 'Variable' && def.type !== 'Parameter') return undefined;
  return evaluateBinding(def.name);

  function evaluateBinding(target: TSESTree.Node): EnvValue | undefined {
    const origin = bindingSource(target);
    if (!origin) return undefined;
    let value = evaluate(origin.source, sourceCode);
    for (const s of origin.steps) {
      if ('rest' in s) {
        // `const { A, ...rest } = process.env`: rest is still the environment.
        if (value?.kind !== 'env' && value?.kind !== 'process') return undefined;
        continue;
      }
      value = step(value, s.key, s.property);
    }
    return value;
  }
}

function evaluateObjectLiteral(node: TSESTree.ObjectExpression, sourceCode: SourceCode): EnvValue | undefined {
  let lastEnvSpread = -1;
  node.properties.forEach((property, index) => {
    if (property.type === AST_NODE_TYPES.SpreadElement && isEnvObject(evaluate(property.argument, sourceCode))) lastEnvSpread = index;
  });
  if (lastEnvSpread < 0) return undefined;
  const overrides = new Set<string>();
  for (const property of node.properties.slice(lastEnvSpread + 1)) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKeyName(property);
    if (key !== undefined) overrides.add(key);
  }
  return { kind: 'env', config: true, loose: false, overrides };
}

function isEnvObject(value: EnvValue | undefined): value is EnvObject {
  return value?.kind === 'env' && !value.safeParseResult;
}

function evaluateCall(node: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): EnvValue | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const ref = moduleRefOf(node, sourceCode);
    if (ref && PROCESS_MODULES.has(ref.source) && ref.path.length === 0) return { kind: 'process' };
    const callee = unwrap(node.callee);
    // `process.env.X.trim()`, `String(process.env.X)`: still the env var's value.
    if (callee.type === AST_NODE_TYPES.MemberExpression && node.arguments.length === 0) {
      const method = memberKey(callee, sourceCode);
      if (method && VALUE_PRESERVING_METHODS.has(method)) {
        const value = evaluate(callee.object, sourceCode);
        return value?.kind === 'var' ? value : undefined;
      }
    }
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String' && node.arguments.length === 1 && isUndeclaredGlobal(callee, sourceCode)) {
      const value = evaluate(node.arguments[0], sourceCode);
      return value?.kind === 'var' ? value : undefined;
    }
  }
  const name = lastNameOf(node.callee);
  if (name !== undefined && NOT_ENV_SHAPED.has(name)) return undefined;
  if (!node.arguments.some((arg) => takesEnvironment(arg, sourceCode))) return undefined;
  if (name !== undefined && SAFE_PARSE.has(name)) return { kind: 'env', config: true, loose: false, safeParseResult: true };
  return { kind: 'env', config: true, loose: !(name !== undefined && ENV_BUILDERS.has(name)) };
}

/** `process.env` itself, or an options object that hands it over (`{ runtimeEnv: process.env }`). */
function takesEnvironment(arg: TSESTree.Node, sourceCode: SourceCode): boolean {
  const inner = unwrap(arg);
  if (inner.type === AST_NODE_TYPES.SpreadElement) return false;
  if (isEnvObject(evaluate(inner, sourceCode))) return true;
  if (inner.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return inner.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = propertyKeyName(property);
    return key !== undefined && RUNTIME_ENV_KEYS.has(key) && isEnvObject(evaluate(property.value, sourceCode));
  });
}

/**
 * The env read a node performs itself: a MemberExpression `process.env.X` / `config.X`, or a Property of an object
 * pattern destructuring the environment. Writes (`process.env.X = ...`, `delete process.env.X`) are not reads.
 */
export function envReadAt(node: TSESTree.Node, sourceCode: SourceCode): EnvRead | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    if (isWriteTarget(node)) return undefined;
    const value = evaluate(node, sourceCode);
    return value?.kind === 'var' && value.read.node === node ? value.read : undefined;
  }
  if (node.type === AST_NODE_TYPES.Property && node.parent.type === AST_NODE_TYPES.ObjectPattern) {
    const key = propertyKeyName(node);
    if (key === undefined) return undefined;
    const origin = bindingSource(node.parent);
    if (!origin) return undefined;
    let base = evaluate(origin.source, sourceCode);
    for (const s of origin.steps) {
      if ('rest' in s) continue;
      base = step(base, s.key, s.property);
    }
    const value = step(base, key, node);
    return value?.kind === 'var' ? value.read : undefined;
  }
  return undefined;
}

/** The env read an expression's value comes from: `process.env.X`, `config.X`, or a const alias of either. */
export function envValueOf(node: TSESTree.Node, sourceCode: SourceCode): EnvRead | undefined {
  const value = evaluate(node, sourceCode);
  return value?.kind === 'var' ? value.read : undefined;
}

/** The name of the env var an expression's value comes from (following const aliases), or undefined. */
export function envReadName(node: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  return envValueOf(node, sourceCode)?.name;
}

export interface WholeEnvOptions {
  /** Also count objects built from process.env by calls we do not know (`load(process.env)`). Default false. */
  includeLoose?: boolean;
}

/** True when the expression is the whole environment: process.env, an alias of it, or a parsed or copied config. */
export function isWholeEnv(node: TSESTree.Node, sourceCode: SourceCode, options: WholeEnvOptions = {}): boolean {
  const value = evaluate(node, sourceCode);
  return isEnvObject(value) && (options.includeLoose === true || !value.loose);
}

/**
 * Listeners that call `onRead` once for every env read whose name passes `wanted`, at the end of the file.
 * The reads are found from the roots of the environment (references to the global `process` / `globalThis`,
 * imports and requires of 'process', `import.meta`) by following their uses, so the work is proportional to how
 * much a file touches the environment, not to its size; rules share one collection per file.
 */
export function envReadListeners(
  sourceCode: SourceCode,
  wanted: (name: string) => boolean,
  onRead: (read: EnvRead) => void,
): TSESLint.RuleListener {
  return {
    MetaProperty(node) {
      if (node.meta.name === 'import' && node.property.name === 'meta') importMetaSet(sourceCode).add(node);
    },
    'Program:exit'() {
      for (const read of envReadsOf(sourceCode)) if (wanted(read.name)) onRead(read);
    },
  };
}

const importMetaFor = perFileCache<TSESTree.MetaProperty, true>();
const importMetaSet = (sourceCode: SourceCode) => {
  const table = importMetaFor(sourceCode);
  return { add: (node: TSESTree.MetaProperty) => table.set(node, true), nodes: () => [...table.keys()] };
};
const readsFor = perFileCache<'reads', EnvRead[]>();

/** Every env read in the file (collected once per file; import.meta roots come from the MetaProperty listener). */
function envReadsOf(sourceCode: SourceCode): EnvRead[] {
  const cached = readsFor(sourceCode).get('reads');
  if (cached) return cached;
  const reads = new Map<TSESTree.Node, EnvRead>();
  const visited = new Set<TSESTree.Node>();

  const consider = (candidate: TSESTree.Node): boolean => {
    const read = envReadAt(candidate, sourceCode);
    if (read) reads.set(read.node, read);
    return !!read;
  };
  const visitReferences = (identifier: TSESTree.Identifier, depth: number): void => {
    const variable = variableOf(identifier, sourceCode);
    for (const ref of variable?.references ?? []) {
      if (ref.identifier !== identifier && ref.isRead()) visitUses(ref.identifier as TSESTree.Node, depth + 1);
    }
  };
  const visitPattern = (pattern: TSESTree.ObjectPattern, depth: number): void => {
    for (const property of pattern.properties) {
      if (property.type === AST_NODE_TYPES.RestElement) {
        if (property.argument.type === AST_NODE_TYPES.Identifier) visitReferences(property.argument, depth);
        continue;
      }
      if (consider(property)) continue;
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value.type === AST_NODE_TYPES.ObjectPattern) visitPattern(value, depth + 1);
      else if (value.type === AST_NODE_TYPES.Identifier) visitReferences(value, depth);
    }
  };
  /** Follows where a value that may be (part of) the environment goes. */
  const visitUses = (node: TSESTree.Node, depth: number): void => {
    if (depth > 12 || visited.has(node)) return;
    visited.add(node);
    let outer = node;
    for (;;) {
      const parent: TSESTree.Node | undefined = outer.parent;
      if (!parent) return;
      const climbs =
        (isValueWrapper(parent) && parent.expression === outer) ||
        parent.type === AST_NODE_TYPES.AwaitExpression ||
        (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '&&');
      if (!climbs) break;
      outer = parent;
    }
    const parent = outer.parent;
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object === outer && !consider(parent)) visitUses(parent, depth + 1);
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init !== outer) return;
        if (parent.id.type === AST_NODE_TYPES.Identifier) visitReferences(parent.id, depth);
        else if (parent.id.type === AST_NODE_TYPES.ObjectPattern) visitPattern(parent.id, depth + 1);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right === outer && parent.left.type === AST_NODE_TYPES.ObjectPattern) visitPattern(parent.left, depth + 1);
        return;
      case AST_NODE_TYPES.AssignmentPattern:
        if (parent.right !== outer) return;
        if (parent.left.type === AST_NODE_TYPES.ObjectPattern) visitPattern(parent.left, depth + 1);
        else if (parent.left.type === AST_NODE_TYPES.Identifier) visitReferences(parent.left, depth);
        return;
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        // A call given the environment may return a config built from it (schema.parse(process.env)).
        if (parent.callee !== outer) visitUses(parent, depth + 1);
        return;
      case AST_NODE_TYPES.SpreadElement:
        if (parent.parent.type === AST_NODE_TYPES.ObjectExpression) visitUses(parent.parent, depth + 1);
        return;
      case AST_NODE_TYPES.Property:
        // `createEnv({ runtimeEnv: process.env })`: the options object goes to the call.
        if (parent.value === outer && parent.parent.type === AST_NODE_TYPES.ObjectExpression) visitUses(parent.parent, depth + 1);
        return;
      default:
        return;
    }
  };

  const roots = environmentRoots(sourceCode);
  for (const root of roots.values) visitUses(root, 0);
  for (const binding of roots.bindings) visitReferences(binding, 0);
  for (const meta of importMetaSet(sourceCode).nodes()) visitUses(meta, 0);
  const result = [...reads.values()];
  readsFor(sourceCode).set('reads', result);
  return result;
}

/** References to the global process / globalThis / global, requires of 'process', and bindings imported from it. */
function environmentRoots(sourceCode: SourceCode): { values: TSESTree.Node[]; bindings: TSESTree.Identifier[] } {
  const roots: TSESTree.Node[] = [];
  const bindings: TSESTree.Identifier[] = [];
  for (const name of ['process', 'globalThis', 'global'] as const) {
    for (const ref of globalReferences(sourceCode, name)) roots.push(ref.identifier as TSESTree.Node);
  }
  for (const ref of globalReferences(sourceCode, 'require')) {
    // The reference is already known to be the global require: only the specifier is left to check.
    const call = ref.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== ref.identifier || call.arguments.length !== 1) continue;
    const source = staticStringOf(call.arguments[0]);
    if (source !== undefined && PROCESS_MODULES.has(source.replace(/^node:/, ''))) roots.push(call);
  }
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || !PROCESS_MODULES.has(statement.source.value.replace(/^node:/, ''))) continue;
    for (const specifier of statement.specifiers) bindings.push(specifier.local);
  }
  for (const statement of sourceCode.ast.body) {
    // TypeScript's `import proc = require('process')`
    if (statement.type !== AST_NODE_TYPES.TSImportEqualsDeclaration || statement.moduleReference.type !== AST_NODE_TYPES.TSExternalModuleReference) continue;
    const source = statement.moduleReference.expression.value;
    if (typeof source === 'string' && PROCESS_MODULES.has(source.replace(/^node:/, ''))) bindings.push(statement.id);
  }
  return { values: roots, bindings };
}

/** Combines rule listeners; handlers for the same selector run in the order given. */
export function mergeListeners(...listeners: TSESLint.RuleListener[]): TSESLint.RuleListener {
  const merged: Record<string, ((node: never) => void)[]> = {};
  for (const listener of listeners) {
    for (const [selector, handler] of Object.entries(listener)) {
      if (typeof handler !== 'function') continue;
      (merged[selector] ??= []).push(handler as (node: never) => void);
    }
  }
  const result: Record<string, (node: never) => void> = {};
  for (const [selector, handlers] of Object.entries(merged)) {
    result[selector] = handlers.length === 1 ? handlers[0] : (node: never) => handlers.forEach((handler) => handler(node));
  }
  return result as TSESLint.RuleListener;
}
