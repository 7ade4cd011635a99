// Near misses: module-scope awaits that are not secret fetches, and a plain value.
import { readFile } from 'node:fs/promises';

const config = JSON.parse(await readFile(new URL('./config.json', import.meta.url), 'utf8'));
const plugin = await import('./plugin.js');
const name = config.secretName as string;
const dynamic = name.length;

export { config, plugin, dynamic };
