'use strict';

const { fetchSecret } = require('./secrets');

// Fetched once when the module loads; every caller awaits the same promise forever.
const apiKeyPromise = fetchSecret('openai-api-key');

async function complete(prompt) {
  const apiKey = await apiKeyPromise;
  return { prompt, auth: `Bearer ${apiKey}` };
}

function completeLater(prompt) {
  return apiKeyPromise.then((apiKey) => ({ prompt, auth: `Bearer ${apiKey}` }));
}

module.exports = { complete, completeLater, ready: apiKeyPromise };
