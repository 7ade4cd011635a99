import * as pg from 'pg';

const pool: pg.Pool = new pg.Pool({ connectionString: import.meta.env.DATABASE_URL as string });

export async function Rows() {
  const { rows } = await pool.query<{ id: number }>('SELECT id FROM items');
  return <ul>{rows.map((row) => <li key={row.id}>{row.id}</li>)}</ul>;
}
