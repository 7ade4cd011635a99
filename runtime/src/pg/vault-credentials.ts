import type { VaultClient } from '../client.js';
import { VaultError } from '../errors.js';
import type { PgCredentialSource, PgCredentials, PgLeaseRenewal } from './credentials.js';

/** Credentials from Vault's (or OpenBao's) database secrets engine: GET `<mount>/creds/<role>`. */
export class VaultDatabaseCredentials implements PgCredentialSource {
  readonly description: string;
  readonly #vault: VaultClient;
  readonly #path: string;

  constructor(vault: VaultClient, mount: string, role: string) {
    this.#vault = vault;
    this.#path = `${mount.replace(/^\/+|\/+$/g, '')}/creds/${role}`;
    this.description = this.#path;
  }

  async acquire(): Promise<PgCredentials> {
    const answer = await this.#vault.read<{ username?: unknown; password?: unknown }>(this.#path);
    const username = answer?.data?.username;
    const password = answer?.data?.password;
    if (typeof username !== 'string' || typeof password !== 'string' || !answer.lease_id) {
      throw new VaultError(`Vault GET ${this.#path} answered without a username, password and lease`, {
        path: this.#path,
        method: 'GET',
      });
    }
    return {
      leaseId: answer.lease_id,
      username,
      password,
      leaseDurationSec: Number(answer.lease_duration) || 0,
      renewable: Boolean(answer.renewable),
    };
  }

  async renew(leaseId: string, incrementSec: number): Promise<PgLeaseRenewal> {
    const info = await this.#vault.renewLease(leaseId, incrementSec);
    return { leaseDurationSec: info.leaseDurationSec, renewable: info.renewable, warnings: info.warnings };
  }

  revoke(leaseId: string): Promise<void> {
    return this.#vault.revokeLease(leaseId);
  }
}
