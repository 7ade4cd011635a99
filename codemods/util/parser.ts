// Which jscodeshift parser reads a file: TypeScript without JSX for .ts/.mts/.cts (where `<T>x` is a type
// assertion), TypeScript with JSX for everything else (.tsx, and .js/.jsx/.mjs/.cjs, which it parses as well).
import { extname } from 'node:path';

export type ParserName = 'ts' | 'tsx';

const TS_WITHOUT_JSX = new Set(['.ts', '.mts', '.cts']);

export function parserFor(filePath: string): ParserName {
  return TS_WITHOUT_JSX.has(extname(filePath).toLowerCase()) ? 'ts' : 'tsx';
}

/** The file extensions `migrate` visits. */
export const CODE_EXTENSIONS = ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'];

/** Declaration files carry no code to migrate. */
export function isDeclarationFile(filePath: string): boolean {
  return /\.d\.[cm]?ts$/i.test(filePath);
}
