'use strict';

const { createVaultClient, createDynamicPgPool } = require('mcp-secrets-runtime');

const vault = createVaultClient();

const { DB_HOST } = process.env;

// Shared by every tool handler.
const pool = createDynamicPgPool({
  vault,
  role: 'mcp-app',
  host: DB_HOST,
  port: 5432,
  database: 'app',
  max: 10,
});

module.exports = { query: (text, values) => pool.query(text, values) };
