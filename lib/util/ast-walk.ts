// Walking a subtree (a try block, a callback body, the code that runs at module load) with the parser's visitor keys.
// Rules use it for bounded look-ups, never for every node of a file: ESLint's traversal does that once for all rules.
import type { TSESTree } from '@typescript-eslint/utils';

type Node = TSESTree.Node;

/**
 * Calls `visit` on `root` and each descendant in source order (a node before its children, as ESLint's traversal
 * enters them); `visit` returns false to skip a node's children.
 */
export function walk(
  root: Node,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
  visit: (node: Node) => boolean | void,
): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (visit(node) === false) continue;
    // Pushed last child first, so the first child is the next one popped.
    const keys = visitorKeys[node.type] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) if (isNode(child[i])) stack.push(child[i] as Node);
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
