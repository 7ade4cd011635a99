// How user options become the config of each lease's pg.Pool: credentials never come from the user, and pg's own
// parsing (pg-connection-string inside pg) reads the lease's user and password from what we build.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { poolConfigFor, withoutCredentials } from '../../runtime/src/pg/pool-config.js';

const lease = { username: 'v-approle-app-AbC123-1700000000', password: 'p@ss/w:rd?&=#1' };

/** What a pg Client would log in with, using pg's own connection-parameter parsing (no connection is made). */
function resolvedBy(config: pg.PoolConfig): { user?: string; password?: unknown; host?: string; port?: number; database?: string } {
  const client = new pg.Client(config);
  return { user: client.user, password: client.password, host: client.host, port: client.port, database: client.database };
}

describe('dynamic pool config', () => {
  it('drops user and password from the options and the URL, naming what it dropped', () => {
    const { config, ignored } = withoutCredentials({
      user: 'u',
      password: () => 'from-a-function',
      connectionString: 'postgres://url_user:url_pw@db.internal:6432/app?sslmode=verify-full&user=q&password=qp',
      max: 4,
    });
    expect(ignored).toEqual(['user', 'password', 'the user in connectionString', 'the password in connectionString']);
    expect(config).toEqual({ connectionString: 'postgres://db.internal:6432/app?sslmode=verify-full', max: 4 });
  });

  it('leaves a credential-free connection string and other options as they are', () => {
    const { config, ignored } = withoutCredentials({ connectionString: 'postgres://db:5432/app', ssl: true });
    expect(ignored).toEqual([]);
    expect(config).toEqual({ connectionString: 'postgres://db:5432/app', ssl: true });
  });

  it("turns pg's socket form '/dir database' into host and database", () => {
    expect(withoutCredentials({ connectionString: '/var/run/postgresql app' }).config).toEqual({
      host: '/var/run/postgresql',
      database: 'app',
    });
  });

  it('never echoes an unparsable connection string, which may hold a password', () => {
    expect(() => withoutCredentials({ connectionString: 'postgres://u:secret-pw@[bad' })).toThrow(
      /^connectionString is not a valid PostgreSQL URL$/,
    );
  });

  it("gives pg the lease's credentials with a connection string, which pg would otherwise let override them", () => {
    const base = withoutCredentials({ connectionString: 'postgres://db.internal:6432/app?sslmode=verify-full' }).config;
    const config = poolConfigFor(base, lease, 120);
    expect(config.maxLifetimeSeconds).toBe(120);
    expect(resolvedBy(config)).toEqual({ user: lease.username, password: lease.password, host: 'db.internal', port: 6432, database: 'app' });
  });

  it("gives pg the lease's credentials with host/port/database options", () => {
    const config = poolConfigFor({ host: 'db', port: 5433, database: 'app' }, lease, 60);
    expect(resolvedBy(config)).toEqual({ user: lease.username, password: lease.password, host: 'db', port: 5433, database: 'app' });
  });
});
