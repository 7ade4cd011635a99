// The VaultClient that rewritten code uses: one already in scope (`const x = createVaultClient(...)`), or one the
// transform adds at module level, once per file, as `const vault = createVaultClient();`.
import { type TransformContext, nodesOf } from './transform-kit.js';
import { type AnyNode, type AnyPath, enclosingFunction, unwrap } from './ast.js';
import { moduleRefOf } from './bindings.js';
import { declaringScope } from './scopes.js';
import { unusedName } from './names.js';
import { RUNTIME_MODULE, useRuntimeExport } from './runtime-import.js';
import { parseStatement, sourceOf } from './snippets.js';
import { insertAtModuleHead, programBody, topLevelStatementOf } from './statements.js';

/** True when `path` is a call of the runtime's createVaultClient, however it was imported. */
export function isCreateVaultClientCall(ctx: TransformContext, path: AnyPath): boolean {
  const call = unwrap(path);
  if (call.node.type !== 'CallExpression') return false;
  const ref = moduleRefOf(ctx.j, call.get('callee') as AnyPath);
  return ref?.module === RUNTIME_MODULE && ref.member === 'createVaultClient';
}

/** The name of a client visible at `path`, or undefined. Module-level code only sees clients declared before it. */
export function existingVaultClient(ctx: TransformContext, path: AnyPath): string | undefined {
  const { root } = ctx;
  const body = programBody(root);
  const useStatement = enclosingFunction(path) ? undefined : topLevelStatementOf(path);
  let found: string | undefined;
  nodesOf(ctx, 'VariableDeclarator').forEach((d) => {
    if (found || d.node.id.type !== 'Identifier' || !d.node.init) return;
    if (!isCreateVaultClientCall(ctx, d.get('init') as AnyPath)) return;
    const name = d.node.id.name as string;
    if (declaringScope(path, name) !== declaringScope(d, name)) return;
    if (useStatement) {
      const declaredAt = body.indexOf(topLevelStatementOf(d) as AnyNode);
      if (declaredAt < 0 || declaredAt >= body.indexOf(useStatement)) return;
    }
    found = name;
  });
  return found;
}

/**
 * Adds `const vault = createVaultClient(<options>)` at module level (after the imports, before the first
 * module-level use at `path`) and returns its name. Callers look for an existing client first, before any edit.
 */
export function addVaultClient(ctx: TransformContext, path: AnyPath, options?: AnyNode): string {
  const { j, root } = ctx;
  const createVaultClient = sourceOf(ctx, useRuntimeExport(ctx, 'createVaultClient', path)());
  const name = unusedName(j, root, 'vault');
  const args = options ? sourceOf(ctx, options) : '';
  const declaration = parseStatement(ctx, `const ${name} = ${createVaultClient}(${args});`, { spaced: true });
  insertAtModuleHead(j, root, [declaration], { beforeNode: topLevelStatementOf(path) });
  return name;
}
