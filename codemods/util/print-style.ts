// Recast reprints only the nodes a transform changed; these options make that new code look like the file around
// it: the quote most string literals use, the indentation, trailing commas in multi-line literals, line endings and
// line length. Read from the original tokens (babel keeps them on the File node), so edits do not skew them.
import type { Collection } from 'jscodeshift';
import type { Options as RecastOptions } from 'recast';

interface Token {
  type: { label: string } | string;
  start: number;
  loc: { start: { line: number }; end: { line: number } };
}

export function printStyleOf(root: Collection, source: string): RecastOptions {
  const tokens = ((root.get().node as { tokens?: Token[] }).tokens ?? []).filter((token) => labelOf(token) !== 'CommentLine' && labelOf(token) !== 'CommentBlock');
  let singles = 0;
  let doubles = 0;
  let trailingCommas = 0;
  tokens.forEach((token, i) => {
    const label = labelOf(token);
    if (label === 'string') {
      if (source[token.start] === "'") singles++;
      else if (source[token.start] === '"') doubles++;
    } else if (label === ',') {
      const next = tokens[i + 1];
      const closes = next && (labelOf(next) === '}' || labelOf(next) === ']');
      if (closes && next.loc.start.line > token.loc.end.line) trailingCommas++;
    }
  });
  const indent = /^([ \t]+)\S/m.exec(source)?.[1] ?? '  ';
  // Recast breaks a call's arguments onto new lines beyond wrapColumn: follow the file's longest lines.
  const longestLine = source.split('\n').reduce((longest, line) => Math.max(longest, line.length), 0);
  return {
    quote: doubles > singles ? 'double' : 'single',
    useTabs: indent.startsWith('\t'),
    tabWidth: indent.startsWith('\t') ? 4 : Math.min(Math.max(indent.length, 2), 8),
    trailingComma: trailingCommas > 0,
    lineTerminator: source.includes('\r\n') ? '\r\n' : '\n',
    wrapColumn: Math.min(Math.max(longestLine, 80), 120),
  };
}

function labelOf(token: Token): string {
  return typeof token.type === 'string' ? token.type : token.type.label;
}
