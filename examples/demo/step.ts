// What every demo step shares: a step reports detail lines through `say`, returns a one-line summary, and throws
// StepFailed when it did not do what it said.
import { setTimeout as sleep } from 'node:timers/promises';

export type Say = (line: string) => void;

export interface StepResult {
  /** One line: what the step achieved. */
  summary: string;
}

/** A step did not do what it said it would. */
export class StepFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailed';
  }
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailed(message);
}

/** Loads a part of the project that another piece of work provides, or says plainly which part is missing. */
export async function importOrExplain<T>(load: () => Promise<T>, what: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StepFailed(`${what} could not be loaded: ${reason}`);
  }
}

/** Polls `condition` every 100 ms until it holds (true) or `timeoutMs` passed (false). */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}
