const express = require('express');

const app = express();
const db = new (require('pg').Pool)({ connectionString: process.env.DATABASE_URL });

app.get('/rows', async (_req, res) => {
  const { rows } = await db.query('SELECT id, name FROM items');
  res.json(rows);
});

module.exports = app;
