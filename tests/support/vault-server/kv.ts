/**
 * The KV secrets engine, version 1 (flat, unversioned) and version 2 (versioned: data/, metadata/, delete/,
 * undelete/, destroy/, config). Reads that find nothing answer 404 {"errors": []}; a deleted or destroyed v2
 * version answers 404 with the metadata and data: null, as Vault does.
 */
import type { Backend, BackendRequest, BackendResponse } from './backend.js';
import { parseDurationSeconds } from './durations.js';
import { badRequest, notFound, unsupportedOperation } from './envelope.js';
import { Namespace } from './namespace.js';

/** Direct children of prefix among keys: "name" for leaves, "name/" for folders. */
function listChildren(keys: Iterable<string>, prefix: string): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    out.add(slash >= 0 ? rest.slice(0, slash + 1) : rest);
  }
  return [...out].filter(Boolean).sort();
}

export class KvV1Backend implements Backend {
  readonly type = 'kv';
  private readonly store = new Map<string, Record<string, unknown>>();

  exists(req: BackendRequest): boolean {
    return this.store.has(req.path);
  }

  async handle(req: BackendRequest): Promise<BackendResponse | null> {
    const key = req.path;
    switch (req.operation) {
      case 'read': {
        const data = this.store.get(key);
        if (!data) throw notFound();
        // The advisory "ttl" key sets lease_duration; otherwise the mount's default lease TTL.
        const ttlRaw = data.ttl ?? data.lease;
        const ttl = ttlRaw !== undefined ? parseDurationSeconds(ttlRaw, 'ttl') : Namespace.ttls(req.mount).defaultTtl;
        return { data: { ...data }, leaseDuration: ttl };
      }
      case 'list': {
        const keys = listChildren(this.store.keys(), key === '' || key.endsWith('/') ? key : `${key}/`);
        if (keys.length === 0) throw notFound();
        return { data: { keys } };
      }
      case 'create':
      case 'update':
        if (key === '' || key.endsWith('/')) throw badRequest("cannot write to a path ending in '/'");
        if (Object.keys(req.body).length === 0) throw badRequest('missing data fields');
        this.store.set(key, { ...req.body });
        return null;
      case 'delete':
        this.store.delete(key);
        return null;
      default:
        throw unsupportedOperation();
    }
  }
}

interface Version {
  data: Record<string, unknown> | null;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}

interface KeyMetadata {
  versions: Map<number, Version>;
  currentVersion: number;
  oldestVersion: number;
  createdTime: string;
  updatedTime: string;
  customMetadata: Record<string, string> | null;
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfter: number;
}

const INVALID_V2_PATH =
  "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";

export class KvV2Backend implements Backend {
  readonly type = 'kv';
  private readonly keys = new Map<string, KeyMetadata>();
  private config = { maxVersions: 0, casRequired: false, deleteVersionAfter: 0 };

  exists(req: BackendRequest): boolean {
    const [section, key] = split(req.path);
    if (section === 'data' || section === 'metadata') return this.keys.has(key);
    return section === 'config';
  }

  async handle(req: BackendRequest): Promise<BackendResponse | null> {
    const [section, key] = split(req.path);
    switch (section) {
      case 'data':
        return this.data(req, key);
      case 'metadata':
        return this.metadata(req, key);
      case 'delete':
      case 'undelete':
      case 'destroy':
        return this.versions(req, section, key);
      case 'config':
        return this.configure(req);
      default:
        return { status: 404, data: null, warnings: [INVALID_V2_PATH] };
    }
  }

  private data(req: BackendRequest, key: string): BackendResponse | null {
    const meta = this.keys.get(key);
    switch (req.operation) {
      case 'read': {
        if (!meta) throw notFound();
        const wanted = Number(req.query.get('version') ?? 0) || meta.currentVersion;
        const version = meta.versions.get(wanted);
        if (!version) throw notFound();
        const metadata = versionMetadata(meta, wanted, version);
        if (version.destroyed || isDeleted(version)) return { status: 404, data: { data: null, metadata } };
        return { data: { data: structuredClone(version.data), metadata } };
      }
      case 'create':
      case 'update':
      case 'patch': {
        const data = req.body.data;
        if (!data || typeof data !== 'object' || Array.isArray(data)) throw badRequest('no data provided');
        const cas = (req.body.options as Record<string, unknown> | undefined)?.cas;
        if ((this.config.casRequired || meta?.casRequired) && cas === undefined) {
          throw badRequest('check-and-set parameter required for this call');
        }
        if (cas !== undefined && Number(cas) !== (meta?.currentVersion ?? 0)) {
          throw badRequest('check-and-set parameter did not match the current version');
        }
        let base: Record<string, unknown> = {};
        if (req.operation === 'patch') {
          const current = meta?.versions.get(meta.currentVersion);
          if (!meta || !current || current.destroyed || isDeleted(current)) throw notFound();
          base = structuredClone(current.data ?? {});
        }
        const now = new Date().toISOString();
        const entry = meta ?? newKeyMetadata(now);
        entry.currentVersion += 1;
        entry.updatedTime = now;
        const version: Version = { data: { ...base, ...structuredClone(data as Record<string, unknown>) }, createdTime: now, deletionTime: '', destroyed: false };
        entry.versions.set(entry.currentVersion, version);
        this.trimVersions(entry);
        this.keys.set(key, entry);
        const { created_time, custom_metadata, deletion_time, destroyed, version: v } = versionMetadata(entry, entry.currentVersion, version);
        return { data: { created_time, custom_metadata, deletion_time, destroyed, version: v } };
      }
      case 'delete': {
        const current = meta?.versions.get(meta.currentVersion);
        if (current && !current.destroyed && !isDeleted(current)) current.deletionTime = new Date().toISOString();
        return null;
      }
      default:
        throw unsupportedOperation();
    }
  }

  private metadata(req: BackendRequest, key: string): BackendResponse | null {
    switch (req.operation) {
      case 'list': {
        const keys = listChildren(this.keys.keys(), key === '' || key.endsWith('/') ? key : `${key}/`);
        if (keys.length === 0) throw notFound();
        return { data: { keys } };
      }
      case 'read': {
        const meta = this.keys.get(key);
        if (!meta) throw notFound();
        return {
          data: {
            cas_required: meta.casRequired,
            created_time: meta.createdTime,
            current_version: meta.currentVersion,
            custom_metadata: meta.customMetadata,
            delete_version_after: '0s',
            max_versions: meta.maxVersions,
            oldest_version: meta.oldestVersion,
            updated_time: meta.updatedTime,
            versions: Object.fromEntries(
              [...meta.versions].map(([n, v]) => [String(n), { created_time: v.createdTime, deletion_time: v.deletionTime, destroyed: v.destroyed }]),
            ),
          },
        };
      }
      case 'create':
      case 'update': {
        const now = new Date().toISOString();
        const meta = this.keys.get(key) ?? newKeyMetadata(now);
        const body = req.body;
        if (body.max_versions !== undefined) meta.maxVersions = Number(body.max_versions) || 0;
        if (body.cas_required !== undefined) meta.casRequired = body.cas_required === true;
        if (body.custom_metadata && typeof body.custom_metadata === 'object') {
          meta.customMetadata = Object.fromEntries(Object.entries(body.custom_metadata).map(([k, v]) => [k, String(v)]));
        }
        meta.updatedTime = now;
        this.keys.set(key, meta);
        return null;
      }
      case 'delete':
        this.keys.delete(key);
        return null;
      default:
        throw unsupportedOperation();
    }
  }

  private versions(req: BackendRequest, action: 'delete' | 'undelete' | 'destroy', key: string): null {
    if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
    const raw = req.body.versions;
    const versions = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : raw === undefined ? [] : [raw]).map(Number);
    if (versions.length === 0) throw badRequest('no version number provided');
    const meta = this.keys.get(key);
    for (const n of versions) {
      const v = meta?.versions.get(n);
      if (!v) continue;
      if (action === 'delete' && !v.destroyed && !isDeleted(v)) v.deletionTime = new Date().toISOString();
      if (action === 'undelete' && !v.destroyed) v.deletionTime = '';
      if (action === 'destroy') {
        v.destroyed = true;
        v.data = null;
      }
    }
    return null;
  }

  private configure(req: BackendRequest): BackendResponse | null {
    if (req.operation === 'read') {
      return { data: { cas_required: this.config.casRequired, delete_version_after: '0s', max_versions: this.config.maxVersions } };
    }
    if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
    if (req.body.max_versions !== undefined) this.config.maxVersions = Number(req.body.max_versions) || 0;
    if (req.body.cas_required !== undefined) this.config.casRequired = req.body.cas_required === true;
    return null;
  }

  private trimVersions(meta: KeyMetadata): void {
    const max = meta.maxVersions || this.config.maxVersions || 10;
    while (meta.versions.size > max) {
      const oldest = Math.min(...meta.versions.keys());
      meta.versions.delete(oldest);
    }
    meta.oldestVersion = meta.versions.size > 0 && meta.currentVersion > max ? Math.min(...meta.versions.keys()) : meta.oldestVersion;
  }
}

function split(path: string): [string, string] {
  const slash = path.indexOf('/');
  return slash < 0 ? [path, ''] : [path.slice(0, slash), path.slice(slash + 1)];
}

/** The metadata of a key written for the first time (a data write or a metadata write may come first). */
function newKeyMetadata(now: string): KeyMetadata {
  return {
    versions: new Map(),
    currentVersion: 0,
    oldestVersion: 0,
    createdTime: now,
    updatedTime: now,
    customMetadata: null,
    maxVersions: 0,
    casRequired: false,
    deleteVersionAfter: 0,
  };
}

function isDeleted(v: Version): boolean {
  return v.deletionTime !== '' && Date.parse(v.deletionTime) <= Date.now();
}

function versionMetadata(meta: KeyMetadata, n: number, v: Version): Record<string, unknown> {
  return { created_time: v.createdTime, custom_metadata: meta.customMetadata, deletion_time: v.deletionTime, destroyed: v.destroyed, version: n };
}
