// Memo tables that live for one linted file. ESLint lints one file at a time, so a table is simply replaced when the
// AST changes. Plain Maps, not WeakMaps keyed by nodes: large WeakMaps make every garbage collection slower (V8
// processes them as ephemerons), which showed up as a few percent of total lint time.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

export function perFileCache<K, V>(): (sourceCode: Readonly<TSESLint.SourceCode>) => Map<K, V> {
  let program: TSESTree.Program | undefined;
  let table = new Map<K, V>();
  return (sourceCode) => {
    if (sourceCode.ast !== program) {
      program = sourceCode.ast;
      table = new Map<K, V>();
    }
    return table;
  };
}
