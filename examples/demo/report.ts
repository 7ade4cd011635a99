// The demo's console output: a numbered progress line per step, its details indented below, and the outcome.
import { StepFailed, type Say, type StepResult } from './step.js';

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = paint(1);
export const dim = paint(2);
export const green = paint(32);
export const red = paint(31);

export class ConsoleReport {
  private current = 0;
  constructor(private readonly total: number) {}

  /** Runs one step: prints its title, its details as they come, then ✓ summary or ✗ reason (and rethrows). */
  async step<T extends StepResult>(title: string, run: (say: Say) => Promise<T>): Promise<T> {
    this.current++;
    const started = Date.now();
    process.stdout.write(`${bold(`[${String(this.current).padStart(2)}/${this.total}] ${title}`)}\n`);
    const say: Say = (line) => process.stdout.write(`${dim(indentLines(line, '        '))}\n`);
    try {
      const result = await run(say);
      process.stdout.write(`        ${green('✓')} ${result.summary} ${dim(`(${seconds(started)})`)}\n`);
      return result;
    } catch (error) {
      const reason = error instanceof StepFailed || error instanceof Error ? error.message : String(error);
      process.stdout.write(`        ${red('✗')} ${indentLines(reason, '          ').trimStart()}\n`);
      throw error;
    }
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function indentLines(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
