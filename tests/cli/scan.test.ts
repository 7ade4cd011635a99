// `mcp-secrets scan` end to end: the built command, run as a subprocess on fixture trees with code, YAML and MCP configs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, emptyTemporaryDirectory, ensureBuilt, git, removeTemporaryDirectories, runScan } from './scan-harness.js';

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; fatal?: boolean; message: string }[];
}

const HVS = `hvs.${'CAESIKN9xq3Lm7Tz0bWf-Yp2Rd5Hg8Uv'.repeat(3)}`;

/** Line and column (1-based) where `needle` starts in a file of `directory`. */
function locate(directory: string, file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(join(directory, file), 'utf8');
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

function findings(directory: string, results: JsonResult[]): string[] {
  return results
    .flatMap((result) => result.messages.map((m) => `${relative(directory, result.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'parse error'}`))
    .sort();
}

function expectOneLineWithoutStack(text: string): void {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => removeTemporaryDirectories());

describe('mcp-secrets scan on a project with code, YAML manifests and MCP configs', () => {
  let project: string;
  let expected: string[];

  beforeAll(() => {
    project = copyFixture('project');
    // A git work tree whose .gitignore hides one leaking file, plus a leaking dependency in node_modules.
    git(project, 'init', '-q');
    writeFileSync(join(project, '.gitignore'), 'ignored/\n');
    mkdirSync(join(project, 'ignored'));
    writeFileSync(join(project, 'ignored', 'leak.yaml'), `VAULT_TOKEN: ${HVS}\n`);
    mkdirSync(join(project, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(project, 'node_modules', 'dep', 'docker-compose.yml'), `services:\n  x:\n    environment:\n      VAULT_TOKEN: ${HVS}\n`);
    writeFileSync(join(project, 'node_modules', 'dep', 'index.js'), `export const token = '${HVS}';\n`);
    const at = (file: string, needle: string, rule: string): string => {
      const { line, column } = locate(project, file, needle);
      return `${file}:${line}:${column} ${rule}`;
    };
    expected = [
      at('.mcp.json', '"0b7a6c4d', 'mcp-secrets/no-secret-in-mcp-config'),
      at('docker-compose.yml', 'VAULT_TOKEN=hvs.', 'mcp-secrets/no-secret-in-manifest'),
      at('docker-compose.yml', 'postgres://mcp:', 'mcp-secrets/no-secret-in-manifest'),
      at('k8s/deployment.yaml', 'aHVudGVyMi1wcm9k', 'mcp-secrets/no-secret-in-manifest'),
      at('src/vault.ts', `'hvs.`, 'mcp-secrets/no-hardcoded-vault-token'),
    ].sort();
  });

  it('--format json: exactly the expected findings; .gitignored files and node_modules are not scanned', () => {
    const { status, stdout, stderr } = runScan(['--format', 'json', '.'], project);
    expect(status).toBe(1);
    const results = JSON.parse(stdout) as JsonResult[];
    expect(findings(project, results)).toEqual(expected);
    const scanned = results.map((result) => relative(project, result.filePath)).sort();
    expect(scanned).toEqual(['.mcp.json', '.vscode/mcp.json', 'docker-compose.yml', 'k8s/deployment.yaml', 'package.json', 'src/clean.ts', 'src/vault.ts']);
    // The human summary goes to stderr so stdout stays valid JSON.
    expect(stderr).toContain('mcp-secrets scan: 5 findings in 4 files (7 files scanned)');
  });

  it('stylish (default): the report, then a count per rule; paths default to the current directory', () => {
    const { status, stdout } = runScan([], project);
    expect(status).toBe(1);
    expect(stdout).toContain(join(project, 'docker-compose.yml'));
    expect(stdout).toContain('mcp-secrets/no-secret-in-mcp-config');
    expect(stdout).toMatch(/mcp-secrets\/no-secret-in-manifest\s+3\n/);
    expect(stdout).toMatch(/mcp-secrets\/no-secret-in-mcp-config\s+1\n/);
    expect(stdout).toMatch(/mcp-secrets\/no-hardcoded-vault-token\s+1\n/);
    // Messages name the variable and what to do, never the secret itself.
    expect(stdout).not.toContain(HVS);
    expect(stdout).not.toContain('hunter2-prod');
  });

  it('--format sarif --output: SARIF 2.1.0 that names rule ids and repository-relative locations', () => {
    const output = join(emptyTemporaryDirectory('sarif'), 'reports', 'scan.sarif');
    const { status, stdout } = runScan(['--format', 'sarif', '--output', output, '.'], project);
    expect(status).toBe(1);
    expect(stdout).toContain('mcp-secrets scan: 5 findings');
    const sarif = JSON.parse(readFileSync(output, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('mcp-secrets');
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id).sort();
    expect(ruleIds).toEqual(['mcp-secrets/no-hardcoded-vault-token', 'mcp-secrets/no-secret-in-manifest', 'mcp-secrets/no-secret-in-mcp-config']);
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toMatch(/docs\/rules\/.+\.md$/);
    type SarifResult = {
      ruleId: string;
      suppressions?: { kind: string; justification?: string }[];
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[];
    };
    const located = (results: SarifResult[]): string[] =>
      results
        .map((result) => {
          const { artifactLocation, region } = result.locations[0].physicalLocation;
          expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
          return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${result.ruleId}`;
        })
        .sort();
    const results = run.results as SarifResult[];
    expect(located(results.filter((result) => !result.suppressions?.length))).toEqual(expected);
    // The finding suppressed by an eslint-disable comment is kept as an in-source suppression, as code scanning expects.
    const suppressed = results.filter((result) => result.suppressions?.length);
    expect(located(suppressed)).toEqual([
      `docker-compose.yml:${locate(project, 'docker-compose.yml', 'test-only-password').line}:${locate(project, 'docker-compose.yml', 'test-only-password').column} mcp-secrets/no-secret-in-manifest`,
    ]);
    expect(suppressed[0].suppressions).toEqual([{ kind: 'inSource', justification: 'throwaway test database' }]);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${project}/`);
  });

  it('a single file can be named; it is scanned even outside the current directory', () => {
    const { status, stdout } = runScan(['--format', 'json', join(project, '.mcp.json')], emptyTemporaryDirectory('cwd'));
    expect(status).toBe(1);
    const results = JSON.parse(stdout) as JsonResult[];
    expect(findings(project, results)).toEqual(expected.filter((line) => line.startsWith('.mcp.json')));
  });
});

describe('mcp-secrets scan exit codes', () => {
  it('exits 0 on a clean tree (not a git repository), and says so', () => {
    const clean = copyFixture('clean');
    const { status, stdout } = runScan(['.'], clean);
    expect(status).toBe(0);
    expect(stdout).toBe('mcp-secrets scan: no findings (3 files scanned)\n');
  });

  it('reports unparsable YAML and JSON as parse errors of those files, goes on, and exits 1 without a stack trace', () => {
    const broken = copyFixture('broken');
    const { status, stdout, stderr } = runScan(['--format', 'json'], broken);
    expect(status).toBe(1);
    const results = JSON.parse(stdout) as JsonResult[];
    const byFile = Object.fromEntries(results.map((result) => [relative(broken, result.filePath), result.messages]));
    expect(byFile['values.yaml']).toHaveLength(1);
    expect(byFile['values.yaml'][0]).toMatchObject({ ruleId: null, fatal: true });
    expect(byFile['values.yaml'][0].message).toMatch(/^Parsing error: /);
    expect(byFile['mcp.json']).toHaveLength(1);
    expect(byFile['mcp.json'][0]).toMatchObject({ ruleId: null, fatal: true });
    // The file after the broken ones was still linted.
    expect(byFile['compose.yaml'].map((m) => m.ruleId)).toEqual(['mcp-secrets/no-secret-in-manifest']);
    expect(stderr).toMatch(/parse errors\s+2\n/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['--format', 'xml'], /unknown format "xml"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--output'], /--output/],
    [['does-not-exist'], /no such file or directory: does-not-exist/],
  ])('exits 2 with a one-line message for %j', (args, message) => {
    const { status, stdout, stderr } = runScan(args, emptyTemporaryDirectory('usage'));
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expectOneLineWithoutStack(stderr);
  });

  it('--help prints the usage and exits 0', () => {
    const { status, stdout } = runScan(['--help'], emptyTemporaryDirectory('help'));
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: mcp-secrets scan/);
    expect(stdout).toContain('--format');
  });
});

describe('mcp-secrets scan progress', () => {
  it('shows progress on stderr above a few hundred files, and none below', () => {
    const many = emptyTemporaryDirectory('many');
    for (let i = 0; i < 320; i++) writeFileSync(join(many, `service-${i}.yaml`), `name: service-${i}\nreplicas: 2\n`);
    const { status, stdout, stderr } = runScan(['.'], many);
    expect(status).toBe(0);
    expect(stdout).toBe('mcp-secrets scan: no findings (320 files scanned)\n');
    expect(stderr).toContain('mcp-secrets scan: 100/320 files');
    expect(stderr).toContain('mcp-secrets scan: 320/320 files');

    const few = copyFixture('clean');
    expect(runScan(['.'], few).stderr).toBe('');
  });
});
