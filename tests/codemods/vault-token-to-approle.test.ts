import vaultTokenToAppRoleEntry, { vaultTokenToAppRole } from '../../codemods/vault-token-to-approle.js';
import { describeTransform } from './support/describe-transform.js';

describeTransform(vaultTokenToAppRole, vaultTokenToAppRoleEntry as never);
