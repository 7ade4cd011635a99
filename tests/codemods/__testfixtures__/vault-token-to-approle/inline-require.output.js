const { createVaultClient } = require('mcp-secrets-runtime');
const vault = createVaultClient();

exports.listTools = async function listTools() {
  const config = await vault.read('secret/data/tools');
  return config.data.data.enabled;
};
