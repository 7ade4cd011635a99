const express = require('express');

const { createVaultClient, createDynamicPgPool } = require('mcp-secrets-runtime');

const vault = createVaultClient();

const app = express();
/* mcp-secrets: set this connection string without user and password (host, port and database only) and remove the static password from the deployment */
const db = createDynamicPgPool({ vault, role: 'mcp-app', connectionString: process.env.DATABASE_URL });

app.get('/rows', async (_req, res) => {
  const { rows } = await db.query('SELECT id, name FROM items');
  res.json(rows);
});

module.exports = app;
