'use strict';

const fs = require('node:fs');

const SECRETS_FILE = process.env.SECRETS_FILE || '/vault/secrets/app';

function readSecrets() {
  const env = {};
  // KEY=VALUE per line, as rendered by the Agent template
  for (const line of fs.readFileSync(SECRETS_FILE, 'utf8').split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [key, value] = line.split('=');
    env[key.trim()] = value.trim();
  }
  return env;
}

let secrets = readSecrets();
fs.watchFile(SECRETS_FILE, { interval: 15000 }, () => {
  secrets = readSecrets();
});

module.exports = { get: (name) => secrets[name] };
