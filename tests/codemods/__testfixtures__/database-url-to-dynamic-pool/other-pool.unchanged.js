// Near miss: a Pool that is not pg's.
const { Pool } = require('generic-pool-lib');
const pool = new Pool({ password: process.env.DB_PASSWORD });
module.exports = pool;
