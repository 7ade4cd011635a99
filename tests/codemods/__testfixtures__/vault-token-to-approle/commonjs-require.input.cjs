'use strict';

const path = require('node:path');
const NodeVault = require('node-vault');

// One client for the whole server.
const vault = NodeVault({
  endpoint: process.env.VAULT_ADDR || 'http://127.0.0.1:8200',
  token: process.env['VAULT_TOKEN'],
  namespace: 'team-a', // enterprise namespace
});

async function readConfig(name) {
  const { data } = await vault.read(path.posix.join('secret/data', name));
  return data.data;
}

module.exports = { readConfig };
