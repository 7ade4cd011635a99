// Secrets in argument lists: MCP `args`, Kubernetes `args`/`command`, Compose `command` lists and `environment` lists.
// Recognises `NAME=value` (Compose entries, `docker run -e NAME=value`, `env NAME=value cmd`), `--flag=value` and
// `--flag value`. Short flags (`-p`) are too ambiguous (port? password?) to judge.
import { judgeNamedValue, judgeValueAlone, type SecretFinding } from './secret-value.js';

export interface ArgumentFinding extends SecretFinding {
  /** Index of the argument that holds the secret value. */
  index: number;
  /** The value is passed on a command line (a flag), not as an environment assignment. */
  onCommandLine: boolean;
}

const ENV_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const LONG_FLAG_WITH_VALUE = /^--?([A-Za-z][\w.-]*)=(.*)$/s;
const LONG_FLAG = /^--([A-Za-z][\w.-]*)$/;

/** Judges every string of an argument list; `undefined` entries (non-strings) are skipped but keep their index. */
export function judgeArguments(args: readonly (string | undefined)[]): ArgumentFinding[] {
  const findings: ArgumentFinding[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === undefined) continue;
    const assignment = ENV_ASSIGNMENT.exec(arg);
    const flagWithValue = assignment ? null : LONG_FLAG_WITH_VALUE.exec(arg);
    const flag = LONG_FLAG.exec(arg);
    let finding: SecretFinding | undefined;
    let onCommandLine = true;
    if (assignment) {
      finding = judgeNamedValue(assignment[1], assignment[2]);
      onCommandLine = false;
    } else if (flagWithValue) {
      finding = judgeNamedValue(flagWithValue[1], flagWithValue[2]);
    } else if (flag && index + 1 < args.length) {
      const next = args[index + 1];
      // `--env NAME=value` is an assignment: judged on its own at the next index, under NAME.
      if (next !== undefined && !next.startsWith('-') && !ENV_ASSIGNMENT.test(next)) {
        const named = judgeNamedValue(flag[1], next);
        if (named) {
          findings.push({ ...named, index: index + 1, onCommandLine: true });
          index++;
          continue;
        }
      }
    } else {
      finding = judgeValueAlone(arg);
    }
    if (finding) findings.push({ ...finding, index, onCommandLine });
  }
  return findings;
}
