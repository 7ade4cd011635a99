// Near misses: already parsed with dotenv, a split that keeps the rest of the line, and '=' splits of non-file text.
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';

export const viaDotenv = parse(readFileSync('/vault/secrets/db', 'utf8'));

export const keepsRest = Object.fromEntries(
  readFileSync('/vault/secrets/db', 'utf8').split('\n').map((line) => line.split(/=(.*)/s, 2)),
);

export function parseQuery(query: string) {
  return Object.fromEntries(query.split('&').map((pair) => pair.split('=')));
}
