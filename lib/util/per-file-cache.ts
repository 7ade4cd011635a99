// Memo tables that live for one linted file, keyed weakly by the file's AST: a table holds nodes, and a strong
// reference to the last file's table would keep that file alive into the next garbage collection. One WeakMap entry
// per file, not a WeakMap keyed by every node: large WeakMaps make every garbage collection slower (V8 processes
// them as ephemerons), which showed up as a few percent of total lint time.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

export function perFileCache<K, V>(): (sourceCode: Readonly<TSESLint.SourceCode>) => Map<K, V> {
  const tables = new WeakMap<TSESTree.Program, Map<K, V>>();
  return (sourceCode) => {
    let table = tables.get(sourceCode.ast);
    if (table === undefined) {
      table = new Map<K, V>();
      tables.set(sourceCode.ast, table);
    }
    return table;
  };
}
