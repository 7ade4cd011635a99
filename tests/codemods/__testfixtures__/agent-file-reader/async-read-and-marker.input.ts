import { readFile } from 'node:fs/promises';

export async function loadToken(path: string): Promise<Record<string, string>> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  return Object.fromEntries(lines.filter((l) => l.includes('=')).map((l) => l.trim().split('=')));
}

export async function loadPairs(path: string): Promise<string[][]> {
  const content = await readFile(path, 'utf8');
  return content.split('\n').map((line) => line.split('='));
}
