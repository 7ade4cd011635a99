// One variant of the lint benchmark, in a process of its own (bench/lint.bench.ts forks one per variant). Separate
// heaps keep one variant's garbage from being collected on another's time: in a single process, no-secrets' garbage
// landed in whichever variant ran next, and rounds of the same code differed by up to 15 % of parse-only.
//
// Protocol: the worker lints the whole corpus once as a warm-up, says `ready`, then for each `{ from, to }` message
// lints those corpus files and answers with its cumulative CPU time (so work the process does between chunks, such
// as idle-time garbage collection, is counted too) and the wall time of the chunk.
import { readFileSync } from 'node:fs';
import { corpusEslint, corpusFiles } from './lint-corpus.js';
import { loadPlugin, variantConfig, type Variant } from './lint-variants.js';

export interface ChunkRequest {
  from: number;
  to: number;
}

export type WorkerReply = { ready: true; files: number; plugin: string } | { cpuMs: number; wallMs: number } | { error: string };

const send = (reply: WorkerReply): void => {
  process.send?.(reply);
};

async function main(): Promise<void> {
  const variant = process.argv[2] as Variant;
  const { plugin, from } = await loadPlugin();
  const files = corpusFiles();
  const eslint = corpusEslint(await variantConfig(variant, plugin), files);
  const corpus = files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  const lint = async (start: number, end: number): Promise<void> => {
    for (let index = start; index < end; index++) {
      const file = corpus[index];
      const [result] = await eslint.lintText(file.text, { filePath: file.path });
      if (!result || result.messages.some((message) => message.fatal)) throw new Error(`${file.path} was not linted: ${result?.messages[0]?.message}`);
    }
  };

  await lint(0, corpus.length);
  process.on('message', (request: ChunkRequest) => {
    const wallBefore = performance.now();
    lint(request.from, request.to).then(
      () => {
        const cpu = process.cpuUsage();
        send({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wallBefore });
      },
      (error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready: true, files: corpus.length, plugin: from });
}

main().catch((error: unknown) => {
  send({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
