'use strict';
// Near miss: the await is inside a function, so every call fetches the secret again.
const { Client } = require('pg');

async function start(fetchSecret) {
  const password = await fetchSecret('db');
  return new Client({ password });
}

module.exports = { start };
