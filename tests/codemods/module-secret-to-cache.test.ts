import moduleSecretToCacheEntry, { moduleSecretToCache } from '../../codemods/module-secret-to-cache.js';
import { describeTransform } from './support/describe-transform.js';

describeTransform(moduleSecretToCache, moduleSecretToCacheEntry as never);
