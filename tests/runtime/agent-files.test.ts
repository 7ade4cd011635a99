import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretFileError, readAgentSecrets, watchAgentSecrets, type AgentSecretsWatcher } from 'mcp-secrets-runtime';

let dir: string;
let watcher: AgentSecretsWatcher<Record<string, string>> | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcp-secrets-agent-'));
});
afterEach(() => {
  watcher?.close();
  watcher = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Vault Agent's file write: a temp file in the same directory, renamed over the target. */
function agentWrite(path: string, content: string, n = 0): void {
  const tmp = `${path}.tmp-${process.pid}-${n}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

const BASE64_PW = 'cGFzc3dvcmQ9PQ==';

describe('readAgentSecrets', () => {
  it('parses dotenv with dotenv: values with = stay intact, quotes and comments handled', () => {
    const file = join(dir, 'db');
    writeFileSync(file, `# rendered by Vault Agent\nDB_USER=v-app-xyz\nDB_PASS=${BASE64_PW}\nQUOTED="a b=c"\nexport URL=postgres://h:5432/db?sslmode=verify-full\n`);
    expect(readAgentSecrets(file)).toEqual({ DB_USER: 'v-app-xyz', DB_PASS: BASE64_PW, QUOTED: 'a b=c', URL: 'postgres://h:5432/db?sslmode=verify-full' });
  });

  it('parses JSON by extension or by content, nested values included', () => {
    const byExt = join(dir, 'creds.json');
    writeFileSync(byExt, JSON.stringify({ username: 'u', password: BASE64_PW, meta: { ttl: 3600 } }));
    expect(readAgentSecrets(byExt)).toEqual({ username: 'u', password: BASE64_PW, meta: { ttl: 3600 } });
    const byContent = join(dir, 'creds');
    writeFileSync(byContent, '  {"api_key": "k=1"}\n');
    expect(readAgentSecrets(byContent)).toEqual({ api_key: 'k=1' });
    expect(readAgentSecrets(byContent, { format: 'dotenv' })).toEqual({});
  });

  it('never quotes the file in its errors', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"password": "hunter2-is-leaked"');
    let caught: unknown;
    try {
      readAgentSecrets(broken);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SecretFileError);
    expect((caught as Error).message).toBe(`the secret file ${broken} is not valid JSON`);
    expect(String((caught as Error).stack)).not.toContain('hunter2');
    expect(() => readAgentSecrets(join(dir, 'missing'))).toThrow(SecretFileError);
  });
});

describe('watchAgentSecrets', () => {
  it('follows write-temp-then-rename, debounced, with the previous content', async () => {
    const file = join(dir, 'db');
    writeFileSync(file, 'DB_PASS=one\n');
    const changes: Array<[Record<string, string>, Record<string, string> | undefined]> = [];
    watcher = watchAgentSecrets(file, (secrets, previous) => void changes.push([secrets, previous]), { debounceMs: 150 });
    expect(watcher.current).toEqual({ DB_PASS: 'one' });
    for (let i = 0; i < 5; i++) agentWrite(file, `DB_PASS=burst-${i}\n`, i);
    await vi.waitFor(() => expect(changes).toHaveLength(1), { timeout: 3_000 });
    expect(changes[0]).toEqual([{ DB_PASS: 'burst-4' }, { DB_PASS: 'one' }]);
    agentWrite(file, `DB_PASS=${BASE64_PW}\n`, 9);
    await vi.waitFor(() => expect(changes).toHaveLength(2), { timeout: 3_000 });
    expect(watcher.current).toEqual({ DB_PASS: BASE64_PW });
  });

  it('ignores a rewrite with identical content', async () => {
    const file = join(dir, 'db');
    writeFileSync(file, 'A=1\n');
    const onChange = vi.fn();
    watcher = watchAgentSecrets(file, onChange, { debounceMs: 20 });
    agentWrite(file, 'A=1\n');
    agentWrite(join(dir, 'marker'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onChange).not.toHaveBeenCalled();
    agentWrite(file, 'A=2\n', 1);
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1), { timeout: 3_000 });
  });

  it('follows a Kubernetes-style ..data symlink swap', async () => {
    mkdirSync(join(dir, '..v1'));
    writeFileSync(join(dir, '..v1', 'db'), 'P=one\n');
    symlinkSync('..v1', join(dir, '..data'));
    symlinkSync(join('..data', 'db'), join(dir, 'db'));
    const onChange = vi.fn();
    watcher = watchAgentSecrets(join(dir, 'db'), onChange, { debounceMs: 20 });
    mkdirSync(join(dir, '..v2'));
    writeFileSync(join(dir, '..v2', 'db'), 'P=two\n');
    symlinkSync('..v2', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith({ P: 'two' }, { P: 'one' }), { timeout: 3_000 });
  });

  it('keeps the last good content and reports a reload that fails to parse', async () => {
    const file = join(dir, 'creds.json');
    writeFileSync(file, '{"password":"good-one"}');
    const onChange = vi.fn();
    const errors: Error[] = [];
    watcher = watchAgentSecrets(file, onChange, { debounceMs: 20, onError: (e) => errors.push(e) });
    agentWrite(file, '{"password":"half-writ');
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 3_000 });
    expect(errors[0]).toBeInstanceOf(SecretFileError);
    expect(errors[0].message).not.toContain('half-writ');
    expect(watcher.current).toEqual({ password: 'good-one' });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('reloads on SIGHUP when asked, and stops listening on close', async () => {
    const file = join(dir, 'db');
    writeFileSync(file, 'A=1\n');
    const onChange = vi.fn();
    // A long debounce keeps the directory watch out of the way: only the signal can reload within the test.
    watcher = watchAgentSecrets(file, onChange, { debounceMs: 60_000, sighup: true });
    writeFileSync(file, 'A=2\n');
    const before = process.listenerCount('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledWith({ A: '2' }, { A: '1' }), { timeout: 3_000 });
    watcher.close();
    watcher = undefined;
    expect(process.listenerCount('SIGHUP')).toBe(before - 1);
  });

  it('routes an exception thrown by onChange to onError', async () => {
    const file = join(dir, 'db');
    writeFileSync(file, 'A=1\n');
    const errors: Error[] = [];
    watcher = watchAgentSecrets(file, () => {
      throw new Error('handler bug');
    }, { debounceMs: 20, onError: (e) => errors.push(e) });
    agentWrite(file, 'A=2\n');
    await vi.waitFor(() => expect(errors.map((e) => e.message)).toEqual(['handler bug']), { timeout: 3_000 });
  });
});
