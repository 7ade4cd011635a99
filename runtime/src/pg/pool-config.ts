import type pg from 'pg';

/**
 * pg.PoolConfig minus credentials: the dynamic pool supplies user and password per lease. Returns the names of what
 * it dropped so the caller can warn (names only, never values).
 */
export function withoutCredentials(options: pg.PoolConfig): { config: pg.PoolConfig; ignored: string[] } {
  const config: pg.PoolConfig = { ...options };
  const ignored: string[] = [];
  if (config.user !== undefined) ignored.push('user');
  if (config.password !== undefined) ignored.push('password');
  delete config.user;
  delete config.password;
  if (config.connectionString) {
    const url = connectionUrl(config.connectionString);
    if (url === undefined) {
      // "/socket/dir database": the only form pg accepts that is not a URL; it cannot carry credentials.
      const [host, database] = config.connectionString.split(' ');
      delete config.connectionString;
      config.host = host;
      if (database) config.database = database;
    } else {
      if (url.username || url.searchParams.has('user')) ignored.push('the user in connectionString');
      if (url.password || url.searchParams.has('password')) ignored.push('the password in connectionString');
      url.username = '';
      url.password = '';
      url.searchParams.delete('user');
      url.searchParams.delete('password');
      config.connectionString = url.toString();
    }
  }
  return { config, ignored };
}

/**
 * The config of one lease's pg.Pool. With a connectionString, pg lets the string's fields override `user` and
 * `password` (an absent user in the URL still wins, as ""), so the credentials go into the string as query
 * parameters, which pg-connection-string reads. Hide the string afterwards with hideConnectionString().
 */
export function poolConfigFor(
  base: pg.PoolConfig,
  credentials: { username: string; password: string },
  maxLifetimeSeconds: number,
): pg.PoolConfig {
  const config: pg.PoolConfig = { ...base, maxLifetimeSeconds };
  if (!base.connectionString) {
    config.user = credentials.username;
    config.password = credentials.password;
    return config;
  }
  const url = connectionUrl(base.connectionString);
  if (!url) throw new TypeError('connectionString is not a URL');
  url.searchParams.set('user', credentials.username);
  url.searchParams.set('password', credentials.password);
  config.connectionString = url.toString();
  return config;
}

/** pg.Pool copies its config enumerably; call this on `pool.options` once the pool exists. */
export function hideConnectionString(options: { connectionString?: string }): void {
  if (options.connectionString === undefined) return;
  Object.defineProperty(options, 'connectionString', { enumerable: false });
}

function connectionUrl(connectionString: string): URL | undefined {
  if (connectionString.startsWith('/')) return undefined;
  try {
    // Same base as pg-connection-string, so relative forms resolve as pg would resolve them.
    return new URL(connectionString, 'postgres://base');
  } catch {
    // Never echo the string: it may hold a password.
    throw new TypeError('connectionString is not a valid PostgreSQL URL');
  }
}
