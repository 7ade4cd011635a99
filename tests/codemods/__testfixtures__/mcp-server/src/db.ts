import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 5,
});

export async function listItems(limit: number): Promise<{ id: number; name: string }[]> {
  const { rows } = await pool.query('SELECT id, name FROM items ORDER BY id LIMIT $1', [limit]);
  return rows;
}
