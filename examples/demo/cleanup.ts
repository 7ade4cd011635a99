// Everything the demo starts (processes, servers, temp dirs) registers how to undo it here. run() undoes it all,
// newest first, exactly once, even when a step failed or the user pressed Ctrl-C, and reports what it could not undo.

interface Task {
  label: string;
  undo: () => Promise<unknown> | unknown;
}

export class Cleanup {
  private readonly tasks: Task[] = [];
  private done: Promise<string[]> | undefined;

  /** Registers an undo action; returns a function that runs it early (and removes it from the list). */
  add(label: string, undo: () => Promise<unknown> | unknown): () => Promise<void> {
    const task: Task = { label, undo };
    this.tasks.push(task);
    // Something a step was still starting when the clean-up began (Ctrl-C mid-step): undo it at once.
    if (this.done) void this.done.then(() => this.undoAll());
    return async () => {
      const index = this.tasks.indexOf(task);
      if (index === -1) return;
      this.tasks.splice(index, 1);
      await task.undo();
    };
  }

  /** Undoes everything still registered; resolves to a message per action that failed (empty when all went well). */
  run(): Promise<string[]> {
    this.done ??= this.undoAll();
    return this.done;
  }

  private async undoAll(): Promise<string[]> {
    const failures: string[] = [];
    while (this.tasks.length) {
      const task = this.tasks.pop()!;
      try {
        await task.undo();
      } catch (error) {
        failures.push(`${task.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures;
  }
}
