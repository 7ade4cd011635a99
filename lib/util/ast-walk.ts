// Walking a small subtree (a try block, a callback body) with the parser's visitor keys. Rules use it for bounded
// look-ups below one node they already found, never for whole files: ESLint's traversal does that once for all rules.
import type { TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;

/** Calls `visit` on `root` and each descendant; `visit` returns false to skip a node's children. */
export function walk(
  root: Node,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
  visit: (node: Node) => boolean | void,
): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (visit(node) === false) continue;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) stack.push(item);
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
