// Recast reprints only the nodes a transform changed; these options make that new code look like the file around
// it: the quote most string literals use, the indentation, trailing commas in multi-line literals, line endings.
import type { Collection, JSCodeshift } from 'jscodeshift';
import type { Options as RecastOptions } from 'recast';

interface WithExtra {
  extra?: { raw?: string; trailingComma?: number };
  loc?: { start: { line: number }; end: { line: number } } | null;
}

export function printStyleOf(j: JSCodeshift, root: Collection, source: string): RecastOptions {
  let singles = 0;
  let doubles = 0;
  root.find(j.StringLiteral).forEach((path) => {
    const node = path.node as WithExtra;
    if (!node.loc) return; // new nodes get a default `raw` from ast-types' builders: count only the file's own
    const raw = node.extra?.raw;
    if (raw?.startsWith("'")) singles++;
    else if (raw?.startsWith('"')) doubles++;
  });
  let multiLine = 0;
  let withTrailingComma = 0;
  const countTrailingCommas = (node: WithExtra) => {
    if (!node.loc || node.loc.start.line === node.loc.end.line) return;
    multiLine++;
    if (node.extra?.trailingComma !== undefined) withTrailingComma++;
  };
  root.find(j.ObjectExpression).forEach((path) => countTrailingCommas(path.node as WithExtra));
  root.find(j.ArrayExpression).forEach((path) => countTrailingCommas(path.node as WithExtra));
  const indent = /^([ \t]+)\S/m.exec(source)?.[1] ?? '  ';
  // Recast breaks a call's arguments onto new lines beyond wrapColumn: follow the file's longest lines.
  const longestLine = source.split('\n').reduce((longest, line) => Math.max(longest, line.length), 0);
  return {
    quote: doubles > singles ? 'double' : 'single',
    useTabs: indent.startsWith('\t'),
    tabWidth: indent.startsWith('\t') ? 4 : Math.min(Math.max(indent.length, 2), 8),
    trailingComma: multiLine > 0 && withTrailingComma * 2 >= multiLine,
    lineTerminator: source.includes('\r\n') ? '\r\n' : '\n',
    wrapColumn: Math.min(Math.max(longestLine, 80), 120),
  };
}
