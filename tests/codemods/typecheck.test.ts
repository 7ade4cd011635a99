// The TypeScript outputs of every transform type-check against the runtime's own types (runtime/src/index.ts), so
// the names and option shapes the codemods emit are the ones mcp-secrets-runtime exports. A diagnostic is accepted
// only inside a statement that carries a marker: that code is explicitly left for a human.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './support/fixtures.js';
import { markedLines } from './support/marked-lines.js';

const RUNTIME_TYPES = fileURLToPath(new URL('../../runtime/src/index.ts', import.meta.url));

/** What the fixtures use beyond Node, pg and node-vault: JSX elements, two React hooks, Vite's import.meta.env, AWS. */
const AMBIENT = `
declare namespace JSX { interface IntrinsicElements { [name: string]: any } }
declare module 'react' {
  export function useState<T>(initial: T): [T, (value: T) => void];
  export function useEffect(effect: () => void, deps: unknown[]): void;
}
interface ImportMeta { readonly env: Record<string, string | undefined> }
declare module '@aws-sdk/client-secrets-manager' {
  export class SecretsManagerClient {
    constructor(config: { region: string });
    send(command: GetSecretValueCommand): Promise<{ SecretString?: string }>;
  }
  export class GetSecretValueCommand {
    constructor(input: { SecretId: string });
  }
}
`;

function typeScriptOutputs(): string[] {
  return readdirSync(FIXTURES_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.output\.(ts|tsx|mts|cts)$/.test(file))
    .map((file) => FIXTURES_DIR + file);
}

describe('codemod outputs type-check against mcp-secrets-runtime', () => {
  const files = typeScriptOutputs();

  it('has TypeScript outputs from every transform', () => {
    const transforms = new Set(files.map((file) => file.slice(FIXTURES_DIR.length).split('/')[0]));
    expect(transforms.size).toBeGreaterThanOrEqual(2);
  });

  it('reports no type error outside marked statements', () => {
    const ambient = `${FIXTURES_DIR}ambient.d.ts`;
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      jsx: ts.JsxEmit.Preserve,
      types: ['node'],
      paths: { 'mcp-secrets-runtime': [RUNTIME_TYPES] },
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (name) => (name === ambient ? AMBIENT : readFile(name));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === ambient || fileExists(name);
    const program = ts.createProgram([...files, ambient], options, host);

    const unexpected = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && files.includes(diagnostic.file.fileName))
      .filter((diagnostic) => {
        const file = diagnostic.file as ts.SourceFile;
        const line = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1;
        return !markedLines(readFileSync(file.fileName, 'utf8'), file.fileName).has(line);
      })
      .map((diagnostic) => {
        const file = diagnostic.file as ts.SourceFile;
        const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `${file.fileName.slice(FIXTURES_DIR.length)}:${line + 1} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      });
    expect(unexpected).toEqual([]);
  });
});
