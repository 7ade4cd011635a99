// Constants a rewrite leaves without a use: `const TOKEN = 'hvs...'` or `const { VAULT_TOKEN } = process.env` whose
// only reader was the code the transform replaced. They go too (a leaked token must not stay in the code, and the
// lint rules would still report the env read), but only when nothing else refers to them.
import { type TransformContext, nodesOf, refreshScopes } from './transform-kit.js';
import { type AnyNode, type AnyPath, referencesTo, stringValue, unwrap } from './ast.js';
import { nodesUnder } from './node-index.js';
import { bindingOf } from './bindings.js';
import { isEnvObject, envVarRead } from './env.js';
import { removeDeclarator, removePatternProperty } from './imports.js';

export interface Leftover {
  /** The VariableDeclarator node that declares the name (stable across scope refreshes). */
  declarator: AnyNode;
  name: string;
}

/** Names used in `path`'s subtree bound to a constant env read, `process.env` itself or a literal (removal candidates). */
export function constantsUsedIn(ctx: TransformContext, path: AnyPath): Leftover[] {
  const { j } = ctx;
  const found: Leftover[] = [];
  const consider = (identifier: AnyPath) => {
    const binding = bindingOf(j, identifier);
    if (binding?.kind === 'variable') {
      const init = unwrap(binding.init);
      if (stringValue(init.node) === undefined && envVarRead(j, init) === undefined && !isEnvObject(j, init)) return;
    } else if (binding?.kind === 'destructured') {
      if (!isEnvObject(j, binding.init)) return;
    } else {
      return;
    }
    found.push({ declarator: binding.declaration.node, name: identifier.node.name as string });
  };
  if (path.node.type === 'Identifier') consider(path);
  for (const identifier of nodesUnder(path, 'Identifier')) if (identifier.node !== path.node) consider(identifier);
  return found;
}

/**
 * Removes each leftover nothing refers to any more, and then what only the removed ones referred to
 * (`const env = process.env; const token = env.VAULT_TOKEN;`). Call after `refreshScopes`.
 */
export function removeUnusedLeftovers(ctx: TransformContext, leftovers: Leftover[]): boolean {
  const { j } = ctx;
  const pending = [...leftovers];
  let removed = false;
  for (let progress = true; progress; ) {
    progress = false;
    for (const leftover of [...pending]) {
      const path = nodesOf(ctx, 'VariableDeclarator').find((p) => p.node === leftover.declarator);
      const target = path && unusedTarget(j, ctx.root.paths()[0] as AnyPath, path, leftover.name);
      if (!path || !target) continue;
      pending.splice(pending.indexOf(leftover), 1);
      pending.push(...constantsUsedIn(ctx, path.get('init') as AnyPath));
      if (target === 'declarator') removeDeclarator(path);
      else removePatternProperty(ctx, path, target.index);
      removed = progress = true;
      refreshScopes(ctx); // what the removed one read may now be unread
    }
  }
  return removed;
}

/** What to remove for an unused name: the declarator, or one property of its pattern; undefined when still used. */
function unusedTarget(j: TransformContext['j'], rootPath: AnyPath, declarator: AnyPath, name: string): 'declarator' | { index: number } | undefined {
  const id = declarator.node.id as AnyNode;
  if (id.type === 'Identifier') {
    return id.name === name && referencesTo(j, rootPath, declarator.get('id') as AnyPath).length === 0 ? 'declarator' : undefined;
  }
  if (id.type !== 'ObjectPattern') return undefined;
  const properties = id.properties as AnyNode[];
  // Removing a name from a pattern with `...rest` would put that variable into `rest`.
  if (properties.some((property) => property.type === 'RestElement')) return undefined;
  const index = properties.findIndex((property) => property.value?.type === 'Identifier' && property.value.name === name);
  if (index < 0 || referencesTo(j, rootPath, declarator.get('id', 'properties', index, 'value') as AnyPath).length) return undefined;
  return properties.length === 1 ? 'declarator' : { index };
}
