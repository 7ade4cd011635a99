// Every node of a tree by type, from one walk. jscodeshift's `find` walks the whole file each time it is called and
// builds a NodePath for every node it passes; the transforms ask dozens of questions per file. This index walks the
// plain nodes once and makes NodePaths (through ast-types' own `get`, so they are the same objects a `find` would
// return) only for the nodes a transform asks about. It belongs to one version of the tree's paths:
// `refreshScopes` makes new paths, and with them a new index.
import type { AnyNode, AnyPath } from './ast.js';

/** Fields that hold no child code: positions, recast's link to the original tree, tokens, comments. */
const NOT_CHILDREN = new Set([
  'type',
  'loc',
  'start',
  'end',
  'range',
  'original',
  'tokens',
  'extra',
  'errors',
  'comments',
  'leadingComments',
  'trailingComments',
  'innerComments',
]);

interface Index {
  root: AnyPath;
  byType: Map<string, AnyNode[]>;
  /** Where each node hangs: its parent node and the keys from the parent to it (`['arguments', 0]`). */
  parents: Map<AnyNode, { parent: AnyNode; keys: (string | number)[] }>;
  paths: Map<AnyNode, AnyPath>;
}

const indexes = new WeakMap<AnyPath, Index>();

/** The paths of every node of `type` under `rootPath` (the File path), in source order. */
export function nodesOfType(rootPath: AnyPath, type: string): AnyPath[] {
  const index = indexOf(rootPath);
  return (index.byType.get(type) ?? []).map((node) => pathOf(index, node));
}

/** The paths of the Identifiers (or JSXIdentifiers) called `name`: paths are made for those only. */
export function identifiersNamed(rootPath: AnyPath, name: string, type: 'Identifier' | 'JSXIdentifier' = 'Identifier'): AnyPath[] {
  const index = indexOf(rootPath);
  return (index.byType.get(type) ?? []).filter((node) => node.name === name).map((node) => pathOf(index, node));
}

/** True when some node of `type` is called `name` (no paths made). */
export function hasIdentifierNamed(rootPath: AnyPath, name: string, type: 'Identifier' | 'JSXIdentifier'): boolean {
  return (indexOf(rootPath).byType.get(type) ?? []).some((node) => node.name === name);
}

function indexOf(rootPath: AnyPath): Index {
  let index = indexes.get(rootPath);
  if (!index) {
    index = { root: rootPath, byType: new Map(), parents: new Map(), paths: new Map([[rootPath.node, rootPath]]) };
    walk(index, rootPath.node);
    indexes.set(rootPath, index);
  }
  return index;
}

function walk(index: Index, node: AnyNode): void {
  const list = index.byType.get(node.type);
  if (list) list.push(node);
  else index.byType.set(node.type, [node]);
  for (const key of Object.keys(node)) {
    if (NOT_CHILDREN.has(key)) continue;
    const value = node[key] as unknown;
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        if (isNode(child)) {
          index.parents.set(child, { parent: node, keys: [key, i] });
          walk(index, child);
        }
      });
    } else if (isNode(value)) {
      index.parents.set(value, { parent: node, keys: [key] });
      walk(index, value);
    }
  }
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as AnyNode).type === 'string';
}

function pathOf(index: Index, node: AnyNode): AnyPath {
  let path = index.paths.get(node);
  if (!path) {
    const place = index.parents.get(node);
    if (!place) throw new Error(`node-index: a ${node.type} outside the indexed tree`);
    path = pathOf(index, place.parent).get(...place.keys) as AnyPath;
    index.paths.set(node, path);
  }
  return path;
}

/** The paths of the nodes of `type` inside the subtree at `path` (itself included). */
export function nodesUnder(path: AnyPath, type: string): AnyPath[] {
  let root = path;
  while (root.parentPath) root = root.parentPath as AnyPath;
  const index = indexOf(root);
  const found: AnyNode[] = [];
  const collect = (node: AnyNode) => {
    if (node.type === type) found.push(node);
    for (const key of Object.keys(node)) {
      if (NOT_CHILDREN.has(key)) continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) value.forEach((child) => isNode(child) && collect(child));
      else if (isNode(value)) collect(value);
    }
  };
  collect(path.node);
  // A subtree added since the index was built has no recorded place: ask ast-types for those paths.
  return found.map((node) => (index.paths.has(node) || index.parents.has(node) ? pathOf(index, node) : undefined)).filter((p): p is AnyPath => !!p);
}
