// Fresh names for what a transform adds (`vault`, `secrets`): a name no identifier in the file uses yet, so it can
// neither shadow nor be shadowed anywhere. Names handed out are remembered per file: the node index does not see
// identifiers added since it was built.
import type { Collection, JSCodeshift } from 'jscodeshift';
import type { AnyPath } from './ast.js';
import { hasIdentifierNamed } from './node-index.js';

const handedOut = new WeakMap<object, Set<string>>();

export function isNameUnused(_j: JSCodeshift, root: Collection, name: string): boolean {
  const rootPath = root.paths()[0] as AnyPath;
  if (handedOut.get(rootPath.node)?.has(name)) return false;
  return !hasIdentifierNamed(rootPath, name, 'Identifier') && !hasIdentifierNamed(rootPath, name, 'JSXIdentifier');
}

export function unusedName(j: JSCodeshift, root: Collection, base: string): string {
  let name = base;
  for (let i = 2; !isNameUnused(j, root, name); i++) name = `${base}${i}`;
  const file = (root.paths()[0] as AnyPath).node;
  if (!handedOut.has(file)) handedOut.set(file, new Set());
  handedOut.get(file)?.add(name);
  return name;
}
