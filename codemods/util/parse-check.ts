// Parses text with exactly the parser jscodeshift uses for the file, without recast's bookkeeping: used to prove
// an output parses back before it is written, and to find the marker comments it carries.
import { createRequire } from 'node:module';
import type { ParserName } from './parser.js';

interface BabelComment {
  type: 'CommentBlock' | 'CommentLine';
  value: string;
  loc: { start: { line: number } };
}

interface ParsedFile {
  comments?: BabelComment[];
  program: { directives?: { end: number }[] };
}

type ParserFactory = () => { parse(code: string): ParsedFile };

const require = createRequire(import.meta.url);
const parsers: Record<ParserName, ParserFactory> = {
  ts: require('jscodeshift/parser/ts.js') as ParserFactory,
  tsx: require('jscodeshift/parser/tsx.js') as ParserFactory,
};

/** Throws the parser's SyntaxError when `code` does not parse. */
export function parseWith(parser: ParserName, code: string): ParsedFile {
  return parsers[parser]().parse(code);
}

export const MARKER_PREFIX = 'mcp-secrets:';

export interface MarkerLocation {
  line: number;
  text: string;
}

/** The `/* mcp-secrets: ... *\/` markers in a parsed file, in source order. */
export function markersIn(file: ParsedFile): MarkerLocation[] {
  return (file.comments ?? [])
    .filter((comment) => comment.type === 'CommentBlock' && comment.value.trim().startsWith(MARKER_PREFIX))
    .map((comment) => ({ line: comment.loc.start.line, text: comment.value.trim() }));
}
