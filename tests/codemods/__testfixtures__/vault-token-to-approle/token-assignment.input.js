const NodeVault = require('node-vault');

const vault = NodeVault({ endpoint: process.env.VAULT_ADDR });
// The token comes from the environment, set after construction.
vault.token = process.env.VAULT_TOKEN;

module.exports = async function readConfig() {
  const { data } = await vault.read('secret/data/config');
  return data.data;
};
