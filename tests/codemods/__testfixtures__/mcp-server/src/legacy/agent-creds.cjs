'use strict';

const { readFileSync } = require('node:fs');

// Rendered by the Vault Agent sidecar.
function loadCredentials() {
  const raw = readFileSync('/vault/secrets/db', 'utf8');
  const entries = Object.fromEntries(raw.split('\n').filter(Boolean).map((line) => line.split('=')));
  return { user: entries.DB_USER, password: entries.DB_PASS };
}

module.exports = { loadCredentials };
