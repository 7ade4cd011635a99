// The lines a human was asked to finish: every line of a statement that carries a `/* mcp-secrets: ... */` marker.
// Type errors and lint findings there are expected; anywhere else they mean the transform got something wrong.
import jscodeshift from 'jscodeshift';
import { parserFor } from '../../../codemods/util/parser.js';

export function markedLines(source: string, fileName: string): Set<number> {
  const j = jscodeshift.withParser(parserFor(fileName));
  const lines = new Set<number>();
  j(source)
    .find(j.Node)
    .forEach((path) => {
      const node = path.node as { comments?: { value: string; leading?: boolean }[] | null; loc?: { start: { line: number }; end: { line: number } } | null };
      if (!node.loc || !node.comments?.some((comment) => comment.leading && comment.value.trim().startsWith('mcp-secrets:'))) return;
      for (let line = node.loc.start.line; line <= node.loc.end.line; line++) lines.add(line);
    });
  return lines;
}
