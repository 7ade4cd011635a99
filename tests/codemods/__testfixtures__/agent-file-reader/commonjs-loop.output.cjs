'use strict';

const { readAgentSecrets, watchAgentSecrets } = require('mcp-secrets-runtime');

const SECRETS_FILE = process.env.SECRETS_FILE || '/vault/secrets/app';

function readSecrets() {
  // KEY=VALUE per line, as rendered by the Agent template
  const env = readAgentSecrets(SECRETS_FILE);
  return env;
}

let secrets = readSecrets();
watchAgentSecrets(SECRETS_FILE, () => {
  secrets = readSecrets();
});

module.exports = { get: (name) => secrets[name] };
