const { createVaultClient } = require('mcp-secrets-runtime');

const vault = createVaultClient();

module.exports = async function readConfig() {
  const { data } = await vault.read('secret/data/config');
  return data.data;
};
