'use strict';

const pg = require('pg');
const { DB_HOST, DB_PASSWORD } = process.env;

// Shared by every tool handler.
const pool = new pg.Pool({
  host: DB_HOST,
  port: 5432,
  database: 'app',
  user: 'app_user',
  password: DB_PASSWORD,
  max: 10,
});

module.exports = { query: (text, values) => pool.query(text, values) };
