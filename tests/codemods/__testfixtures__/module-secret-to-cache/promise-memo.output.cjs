'use strict';

const { SecretCache } = require('mcp-secrets-runtime');

const { fetchSecret } = require('./secrets');

// Fetched once when the module loads; every caller awaits the same promise forever.
/* mcp-secrets: still read where it cannot be awaited (marked below); delete this once they use secrets.get('openai-api-key') */
const apiKeyPromise = fetchSecret('openai-api-key');

const secrets = new SecretCache(fetchSecret);

async function complete(prompt) {
  const apiKey = await secrets.get('openai-api-key');
  return { prompt, auth: `Bearer ${apiKey}` };
}

function completeLater(prompt) {
  return secrets.get('openai-api-key').then((apiKey) => ({ prompt, auth: `Bearer ${apiKey}` }));
}

/* mcp-secrets: this promise resolved once, at module load: use secrets.get('openai-api-key') here for a fresh value */
module.exports = { complete, completeLater, ready: apiKeyPromise };
