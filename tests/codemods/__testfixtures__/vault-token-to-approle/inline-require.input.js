const { VAULT_TOKEN } = process.env;
const vault = require('node-vault')({ endpoint: process.env.VAULT_ADDR, token: VAULT_TOKEN });

exports.listTools = async function listTools() {
  const config = await vault.read('secret/data/tools');
  return config.data.data.enabled;
};
