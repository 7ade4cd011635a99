'use strict';

const path = require('node:path');
const { createVaultClient } = require('mcp-secrets-runtime');

// One client for the whole server.
const vault = createVaultClient({
  address: process.env.VAULT_ADDR || 'http://127.0.0.1:8200',

  // enterprise namespace
  namespace: 'team-a',
});

async function readConfig(name) {
  const { data } = await vault.read(path.posix.join('secret/data', name));
  return data.data;
}

module.exports = { readConfig };
