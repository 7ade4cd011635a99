// What an expression refers to in terms of a module and an export path, however it was imported:
// `import { Pool } from 'pg'`, `import pg from 'pg'; pg.Pool`, `import * as pg`, `const { Pool } = require('pg')`,
// `require('pg').Pool`, `const P = pg.Pool`, renamed imports, `await import('pg')`. Default imports and `.default`
// count as the module object itself (CommonJS interop), so `pg.default.Pool` is `pg` + ['Pool'] too.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { staticStringOf, unwrap } from './ast.js';
import { bindingSource, definitionOf, globalReferences, isUndeclaredGlobal, memberKey } from './bindings.js';
import { perFileCache } from './per-file-cache.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ModuleRef {
  /** The module specifier as written, without a `node:` prefix: 'pg', 'node-vault', 'process'. */
  source: string;
  /** Export path below the module object: [] for the module itself, ['Pool'] for its Pool export. */
  path: string[];
}

function normalize(source: string): string {
  return source.startsWith('node:') ? source.slice('node:'.length) : source;
}

function extend(base: ModuleRef | undefined, key: string): ModuleRef | undefined {
  if (!base) return undefined;
  if (key === 'default' && base.path.length === 0) return base;
  return { source: base.source, path: [...base.path, key] };
}

/** `require('x')` with the global require. */
export function requiredModule(node: TSESTree.Node, sourceCode: SourceCode): string | undefined {
  const call = unwrap(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require') return undefined;
  if (!isUndeclaredGlobal(callee, sourceCode)) return undefined;
  const source = staticStringOf(call.arguments[0]);
  return source === undefined ? undefined : normalize(source);
}

const cacheFor = perFileCache<TSESTree.Node, ModuleRef | null>();

/** The module export an expression refers to, or undefined when it is anything else. */
export function moduleRefOf(node: TSESTree.Node, sourceCode: SourceCode): ModuleRef | undefined {
  const cache = cacheFor(sourceCode);
  const cached = cache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  cache.set(node, null); // guards against alias cycles
  const result = compute(unwrap(node), sourceCode);
  cache.set(node, result ?? null);
  return result;
}

function compute(node: TSESTree.Node, sourceCode: SourceCode): ModuleRef | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return identifierRef(node, sourceCode);
    case AST_NODE_TYPES.MemberExpression: {
      const key = memberKey(node, sourceCode);
      return key === undefined ? undefined : extend(moduleRefOf(node.object, sourceCode), key);
    }
    case AST_NODE_TYPES.CallExpression: {
      const source = requiredModule(node, sourceCode);
      return source === undefined ? undefined : { source, path: [] };
    }
    case AST_NODE_TYPES.AwaitExpression: {
      const inner = unwrap(node.argument);
      if (inner.type !== AST_NODE_TYPES.ImportExpression) return undefined;
      const source = staticStringOf(inner.source);
      return source === undefined ? undefined : { source: normalize(source), path: [] };
    }
    default:
      return undefined;
  }
}

function identifierRef(identifier: TSESTree.Identifier, sourceCode: SourceCode): ModuleRef | undefined {
  const def = definitionOf(identifier, sourceCode);
  if (!def) return undefined;
  if (def.type === 'ImportBinding') {
    const specifier = def.node;
    if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const ref = specifier.moduleReference;
      if (ref.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
      const source = staticStringOf(ref.expression);
      return source === undefined ? undefined : { source: normalize(source), path: [] };
    }
    const declaration = specifier.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const source = normalize(declaration.source.value);
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
      const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
      return imported === 'default' ? { source, path: [] } : { source, path: [imported] };
    }
    return { source, path: [] };
  }
  if (def.type !== 'Variable') return undefined;
  const origin = bindingSource(def.name);
  if (!origin) return undefined;
  let ref = moduleRefOf(origin.source, sourceCode);
  for (const step of origin.steps) {
    if ('rest' in step) continue;
    ref = extend(ref, step.key);
  }
  return ref;
}

/** True when the expression refers to `source` at exactly `path` (e.g. isModuleExport(x, 'pg', ['Pool'])). */
export function isModuleExport(node: TSESTree.Node, sourceCode: SourceCode, source: string, path: readonly string[]): boolean {
  const ref = moduleRefOf(node, sourceCode);
  return !!ref && ref.source === source && ref.path.length === path.length && ref.path.every((p, i) => p === path[i]);
}

const importedCacheFor = perFileCache<'modules', ReadonlySet<string>>();

/**
 * The modules a file imports or requires with a static specifier (`node:` prefix dropped), found from the import
 * declarations and the references to the global `require`. Rules use it to skip module-based checks in files that
 * cannot contain them. Dynamic `import()` is not included.
 */
export function importedModules(sourceCode: SourceCode): ReadonlySet<string> {
  const program = sourceCode.ast;
  const cached = importedCacheFor(sourceCode).get('modules');
  if (cached) return cached;
  const modules = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) modules.add(normalize(statement.source.value));
    if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
      const source = staticStringOf(statement.moduleReference.expression);
      if (source !== undefined) modules.add(normalize(source));
    }
  }
  for (const ref of globalReferences(sourceCode, 'require')) {
    const call = ref.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== ref.identifier) continue;
    const source = staticStringOf(call.arguments[0]);
    if (source !== undefined) modules.add(normalize(source));
  }
  importedCacheFor(sourceCode).set('modules', modules);
  return modules;
}

/** True when the file imports or requires any of the modules (see importedModules). */
export function importsAnyOf(sourceCode: SourceCode, modules: readonly string[]): boolean {
  const imported = importedModules(sourceCode);
  for (const module of modules) if (imported.has(module)) return true;
  return false;
}
