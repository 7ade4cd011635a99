import { VaultError, VaultNotFoundError } from './errors.js';
import type { VaultResponse } from './http.js';

export type KvVersion = 1 | 2;

export interface KvReader {
  /** The secret's key/value pairs (KV v2: `data.data`; KV v1: `data`). Rejects with VaultNotFoundError if absent. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get<T = Record<string, any>>(path: string, options?: { version?: number }): Promise<T>;
  /** The mount's KV version, detected once. */
  version(): Promise<KvVersion>;
}

/** What the KV reader needs from the client: an authenticated GET. */
export type KvRead = (path: string, query?: Record<string, string>) => Promise<VaultResponse>;

/**
 * Detects the KV version of a mount once, the way the Vault CLI does: GET sys/internal/ui/mounts/<mount> and read
 * `options.version`. When the token may not read that, it falls back to the response shape of the first read
 * (a v2 read of <mount>/data/<path> answers `data: {data, metadata}`).
 */
export class KvMount implements KvReader {
  #version: KvVersion | undefined;
  #preflight: Promise<KvVersion | undefined> | undefined;

  constructor(
    private readonly mount: string,
    private readonly read: KvRead,
  ) {}

  async version(): Promise<KvVersion> {
    const known = this.#version ?? (await this.#preflightOnce());
    if (known) return known;
    throw new VaultNotFoundError(`cannot tell the KV version of ${this.mount}/ (the token may not read sys/internal/ui/mounts)`);
  }

  async get<T>(path: string, options: { version?: number } = {}): Promise<T> {
    const clean = path.replace(/^\/+/, '');
    const version = this.#version ?? (await this.#preflightOnce());
    if (version === 2) return this.#getV2<T>(clean, options.version);
    if (version === 1) return (await this.read(`${this.mount}/${clean}`)).data as T;
    return this.#getByShape<T>(clean, options.version);
  }

  async #getV2<T>(path: string, version: number | undefined): Promise<T> {
    const query = version === undefined ? undefined : { version: String(version) };
    const body = await this.read(`${this.mount}/data/${path}`, query);
    const inner = (body.data as { data?: T | null } | null)?.data;
    if (inner === null || inner === undefined) {
      throw new VaultNotFoundError(`no data at ${this.mount}/data/${path} (deleted or destroyed version)`, { status: 404, path: `${this.mount}/data/${path}` });
    }
    return inner;
  }

  async #getByShape<T>(path: string, version: number | undefined): Promise<T> {
    try {
      const query = version === undefined ? undefined : { version: String(version) };
      const body = await this.read(`${this.mount}/data/${path}`, query);
      const data = body.data as { data?: unknown; metadata?: unknown } | null;
      if (data && typeof data === 'object' && 'metadata' in data && 'data' in data) {
        this.#version = 2;
        return data.data as T;
      }
    } catch (err) {
      if (!(err instanceof VaultNotFoundError)) throw err;
    }
    const body = await this.read(`${this.mount}/${path}`);
    this.#version = 1;
    return body.data as T;
  }

  #preflightOnce(): Promise<KvVersion | undefined> {
    this.#preflight ??= this.read(`sys/internal/ui/mounts/${this.mount}`)
      .then((body) => {
        const data = body.data as { type?: string; options?: { version?: string } | null } | null;
        if (!data) return undefined;
        this.#version = data.options?.version === '2' ? 2 : 1;
        return this.#version;
      })
      .catch((err: unknown) => {
        // Not allowed to look (403), unknown to this server (404/400): fall back to the shape of the answers.
        if (err instanceof VaultError && err.status !== undefined && err.status < 500 && err.status !== 429) return undefined;
        this.#preflight = undefined;
        throw err;
      });
    return this.#preflight;
  }
}
