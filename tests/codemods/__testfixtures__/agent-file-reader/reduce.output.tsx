import { readFileSync } from 'node:fs';

import { readAgentSecrets } from 'mcp-secrets-runtime';

const text = readFileSync('/vault/secrets/ui', 'utf8');
const settings = readAgentSecrets('/vault/secrets/ui');

export function Banner() {
  return <p title={settings.BANNER_TITLE}>{text.length}</p>;
}
