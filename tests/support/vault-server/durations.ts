/**
 * Durations as Vault reads and prints them: parseutil.ParseDurationSecond for input ("90", 90, "1h30m", "2d"),
 * and Go's time.Duration.String for output, trimmed the way the warning texts print it ("1h", "1m30s").
 */
import { badRequest } from './envelope.js';

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds (whole, rounded down) from a number, a numeric string or a Go duration string; undefined/"" -> 0. */
export function parseDurationSeconds(value: unknown, field = 'duration'): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  if (typeof value !== 'string') throw badRequest(`invalid ${field}: ${JSON.stringify(value)}`);
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  let rest = text;
  let total = 0;
  // Go duration grammar: a sequence of <decimal><unit> pairs.
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/.exec(rest);
    if (!match) throw badRequest(`error parsing ${field}: time: invalid duration "${text}"`);
    total += Number(match[1]) * (UNIT_SECONDS[match[2]] ?? 0);
    rest = rest.slice(match[0].length);
  }
  return Math.floor(total);
}

/** Go's time.Duration.String() for whole seconds: 0s, 45s, 1m30s, 1h0m0s. */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(Math.floor(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

/** sdk/framework humanDuration: Go's format without zero minute/second parts ("1h", "5m", "1h30m"). */
export function humanDuration(seconds: number): string {
  let text = goDuration(seconds);
  if (seconds === 0) return text;
  if (text.endsWith('m0s')) text = text.slice(0, -2);
  const idx = text.indexOf('h0m');
  if (idx > 0) text = text.slice(0, idx + 1) + text.slice(idx + 3);
  return text;
}
