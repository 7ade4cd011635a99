'use strict';

const { SecretCache } = require('mcp-secrets-runtime');

const { fetchSecret } = require('./secrets');

// Fetched once when the module loads; every caller awaits the same promise forever.
/* mcp-secrets: exported: other modules keep this value forever; export a getter such as () => secrets.get('openai-api-key') instead */
const apiKeyPromise = fetchSecret('openai-api-key');

const secrets = new SecretCache(fetchSecret);

async function complete(prompt) {
  const apiKey = await secrets.get('openai-api-key');
  return { prompt, auth: `Bearer ${apiKey}` };
}

function completeLater(prompt) {
  return secrets.get('openai-api-key').then((apiKey) => ({ prompt, auth: `Bearer ${apiKey}` }));
}

module.exports = { complete, completeLater, ready: apiKeyPromise };
