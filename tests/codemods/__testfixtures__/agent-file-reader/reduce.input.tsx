import { readFileSync } from 'node:fs';

const text = readFileSync('/vault/secrets/ui', 'utf8');
const settings = text
  .split('\n')
  .reduce((acc: Record<string, string>, line: string) => {
    const [k, v] = line.split('=');
    acc[k] = v;
    return acc;
  }, {});

export function Banner() {
  return <p title={settings.BANNER_TITLE}>{text.length}</p>;
}
