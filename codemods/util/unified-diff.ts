// A unified diff (`diff -u` / `git diff` format) of two texts, by lines, with Myers' O(ND) shortest-edit algorithm
// ("An O(ND) Difference Algorithm and Its Variations", 1986) and three lines of context.
type Edit = { kind: ' ' | '-' | '+'; line: string };

const CONTEXT = 3;

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const edits = shortestEdit(splitLines(before), splitLines(after));
  let out = `--- a/${path}\n+++ b/${path}\n`;
  for (const hunk of hunks(edits)) {
    out += `@@ -${range(hunk.aStart, hunk.aCount)} +${range(hunk.bStart, hunk.bCount)} @@\n`;
    for (const { kind, line } of hunk.lines) {
      out += line.endsWith(NO_NEWLINE) ? `${kind}${line.slice(0, -1)}\n\\ No newline at end of file\n` : `${kind}${line}\n`;
    }
  }
  return out;
}

/** Marks a last line without a newline, so `x` and `x\n` differ (and the diff says so). */
const NO_NEWLINE = '\u0000';

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  else lines[lines.length - 1] += NO_NEWLINE;
  return lines;
}

function range(start: number, count: number): string {
  // A hunk that adds to an empty range names the line before it.
  return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

/** Myers' greedy forward search, keeping each round's furthest-reaching paths to walk the edit script back. */
function shortestEdit(a: string[], b: string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  let v: Int32Array = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  // Walk back from (n, m) through the saved rounds.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      edits.push({ kind: ' ', line: a[x] });
    }
    if (d > 0) {
      if (x === prevX) edits.push({ kind: '+', line: b[--y] });
      else edits.push({ kind: '-', line: a[--x] });
    }
  }
  return edits.reverse();
}

interface Hunk {
  aStart: number;
  aCount: number;
  bStart: number;
  bCount: number;
  lines: Edit[];
}

/** Groups edits into hunks: changes with up to CONTEXT unchanged lines around them, merged when they touch. */
function hunks(edits: Edit[]): Hunk[] {
  // Line numbers (1-based) in a and b where each edit stands.
  const positions: { a: number; b: number }[] = [];
  let ai = 1;
  let bi = 1;
  for (const edit of edits) {
    positions.push({ a: ai, b: bi });
    if (edit.kind !== '+') ai++;
    if (edit.kind !== '-') bi++;
  }
  const changed = edits.flatMap((edit, i) => (edit.kind === ' ' ? [] : [i]));
  const result: Hunk[] = [];
  let i = 0;
  while (i < changed.length) {
    const first = Math.max(0, changed[i] - CONTEXT);
    let last = changed[i];
    // Hunks whose contexts would touch or overlap (at most 2 * CONTEXT unchanged lines between) are one.
    while (i + 1 < changed.length && changed[i + 1] - last - 1 <= 2 * CONTEXT) last = changed[++i];
    i++;
    const lines = edits.slice(first, Math.min(edits.length, last + CONTEXT + 1));
    const aCount = lines.filter((line) => line.kind !== '+').length;
    const bCount = lines.filter((line) => line.kind !== '-').length;
    result.push({ aStart: positions[first].a, aCount, bStart: positions[first].b, bCount, lines });
  }
  return result;
}
