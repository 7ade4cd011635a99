import rule from '../../../lib/rules/no-swallowed-renewal-error.js';
import { at, commonjs, RuleTester } from './vitest-rule-tester.js';

const ruleTester = new RuleTester();

type MessageId = 'emptyCatchClause' | 'emptyCatchHandler';

function invalid(
  code: string,
  messageId: MessageId,
  needle: string,
  renewal: string,
  extra: { filename?: string; commonjs?: boolean; options?: [{ allowComment?: boolean }] } = {},
) {
  return {
    code,
    filename: extra.filename ?? 'file.ts',
    ...(extra.commonjs ? { languageOptions: commonjs } : {}),
    ...(extra.options ? { options: extra.options } : {}),
    output: null,
    errors: [{ messageId, data: { renewal }, ...at(code, needle), suggestions: [] }],
  };
}

// The seed article's lease renewal, which swallows the failure.
const SEED_RENEWAL = `setTimeout(async () => {
  try {
    await renewLease(creds.leaseId);
  } catch {
    // Renewal failed — pool will be replaced at next getDbPool() call
  }
}, Math.max(renewIn, 0));`;

ruleTester.run('no-swallowed-renewal-error', rule, {
  valid: [
    // An empty catch around something that is not a renewal.
    { code: 'try { JSON.parse(text); } catch {}', filename: 'file.ts' },
    // The renewal's failure is handled.
    { code: "try { await renewLease(id); } catch (error) { logger.warn({ err: error }, 'lease renewal failed'); scheduleRelogin(); }", filename: 'file.ts' },
    { code: 'client.tokenRenewSelf().catch((error) => onRenewalFailed(error));', filename: 'file.js' },
    { code: 'renewLease(id).catch(reportError);', filename: 'file.js' },
    // Empty handler on a promise chain without a renewal.
    { code: "fetchSecret('db').catch(() => {});", filename: 'file.ts' },
    { code: "client.write('sys/leases/revoke', { lease_id: id }).catch(() => {});", filename: 'file.ts' },
    // Names that contain "renew" but are not a renewal call.
    { code: 'try { if (isRenewable(lease)) schedule(lease); } catch {}', filename: 'file.ts' },
    { code: 'try { const renewalIntervalMs = ttl * 0.66; start(renewalIntervalMs); } catch {}', filename: 'file.ts' },
    // Only the `finally` is empty; the error propagates.
    { code: 'try { await renewLease(id); } finally {}', filename: 'file.ts' },
    // The comment is accepted as intentional when the option says so.
    { code: SEED_RENEWAL, filename: 'file.ts', options: [{ allowComment: true }] },
    { code: 'renewToken().catch(() => { /* the watcher retries on its own */ });', filename: 'file.mjs', options: [{ allowComment: true }] },
    // Odd code: nothing to report, nothing to throw on.
    { code: 'try {} catch {}\npromise.catch();\npromise.then();\nrenew.catch?.(() => {});\n(async () => {}).catch(() => {});', filename: 'file.ts' },
    // A renewal handled on the first `.then` argument only (no rejection handler given).
    { code: 'renewLease(id).then(() => {});', filename: 'file.ts' },
  ],
  invalid: [
    invalid(SEED_RENEWAL, 'emptyCatchClause', 'catch', 'renewal (`renewLease()`)'),
    invalid('async function keepAlive(client) {\n  try {\n    await client.tokenRenewSelf();\n  } catch (e) {}\n}', 'emptyCatchClause', 'catch', 'renewal (`tokenRenewSelf()`)', { filename: 'file.js' }),
    invalid(
      "const vault = require('node-vault')();\nasync function renewDb(id) {\n  try {\n    await vault.write('sys/leases/renew', { lease_id: id, increment: 3600 });\n  } catch (err) {}\n}",
      'emptyCatchClause',
      'catch',
      'renewal (`sys/leases/renew`)',
      { filename: 'file.cjs', commonjs: true },
    ),
    invalid('client.tokenRenewSelf().catch(() => {});', 'emptyCatchHandler', '() => {}', 'renewal (`tokenRenewSelf()`)'),
    invalid(
      "await fetch(`${addr}/v1/auth/token/renew-self`, { method: 'POST', headers }).catch(function () {});",
      'emptyCatchHandler',
      'function ()',
      'renewal (`auth/token/renew-self`)',
    ),
    invalid('renewLease(lease.id).then((r) => record(r)).catch(() => undefined);', 'emptyCatchHandler', '() => undefined', 'renewal (`renewLease()`)', { filename: 'file.js' }),
    invalid('vault.renewToken().then(onRenewed, () => {});', 'emptyCatchHandler', '() => {}', 'renewal (`renewToken()`)'),
    invalid('Promise.resolve().then(() => renewLease(id)).catch(noop);', 'emptyCatchHandler', 'noop)', 'renewal (`renewLease()`)'),
    invalid(
      'try {\n  await Promise.all(leases.map((l) => renewLease(l.id)));\n} catch {\n  // ignore\n}',
      'emptyCatchClause',
      'catch',
      'renewal (`renewLease()`)',
      { filename: 'file.mts' },
    ),
    invalid(
      "const url = `${process.env.VAULT_ADDR}/v1/sys/leases/renew`;\ntry {\n  await fetch(url, { method: 'PUT', body });\n} catch (error) {}",
      'emptyCatchClause',
      'catch',
      'renewal (`sys/leases/renew`)',
    ),
    invalid(
      'async function tick(client: VaultClient): Promise<void> {\n  try {\n    await (client as LeaseClient).renew!(leaseId);\n  } catch {}\n}',
      'emptyCatchClause',
      'catch',
      'renewal (`renew()`)',
    ),
    // A TS wrapper around the `.catch` callee hides nothing.
    invalid('(renewLease(id).catch as (f: () => void) => Promise<void>)(() => {});', 'emptyCatchHandler', '() => {})', 'renewal (`renewLease()`)'),
    // With allowComment, an empty handler without a comment is still reported.
    invalid('renewLease(id).catch(() => {});', 'emptyCatchHandler', '() => {}', 'renewal (`renewLease()`)', { options: [{ allowComment: true }] }),
  ],
});
