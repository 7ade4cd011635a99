// Every node of a tree by type, from one walk. jscodeshift's `find` walks the whole file each time it is called (and
// builds a visitor each time); the transforms ask dozens of such questions per file, so they ask this index instead.
// The index belongs to one version of the tree's paths: `refreshScopes` makes new paths, and with them a new index.
import jscodeshift from 'jscodeshift';
import type { AnyNode, AnyPath } from './ast.js';

const indexes = new WeakMap<AnyPath, Map<string, AnyPath[]>>();

/** The paths of every node of `type` under `rootPath` (the File path), in source order. */
export function nodesOfType(rootPath: AnyPath, type: string): AnyPath[] {
  let index = indexes.get(rootPath);
  if (!index) {
    const built = new Map<string, AnyPath[]>();
    jscodeshift.types.visit(rootPath as never, {
      visitNode(path) {
        const node = path.node as AnyNode;
        const list = built.get(node.type);
        if (list) list.push(path as unknown as AnyPath);
        else built.set(node.type, [path as unknown as AnyPath]);
        this.traverse(path);
      },
    });
    index = built;
    indexes.set(rootPath, index);
  }
  return index.get(type) ?? [];
}

/** The root (File) path above any path. */
export function rootPathOf(path: AnyPath): AnyPath {
  let current = path;
  while (current.parentPath) current = current.parentPath as AnyPath;
  return current;
}
