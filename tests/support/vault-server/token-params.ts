/**
 * The token settings every auth method's role carries (token_ttl, token_max_ttl, token_policies, token_period,
 * token_num_uses, token_explicit_max_ttl, token_no_default_policy, token_type), kept in one place the way Vault
 * keeps them in sdk/helper/tokenutil (TokenParams: ParseTokenFields, PopulateTokenData, PopulateTokenAuth), so a
 * new auth method parses, renders and grants them the same way as AppRole and Kubernetes.
 */
import type { LoginGrant } from './backend.js';
import { parseDurationSeconds } from './durations.js';
import { badRequest } from './envelope.js';
import { listOf } from './token-backend.js';

/** Durations in seconds. */
export interface TokenParams {
  ttl: number;
  maxTtl: number;
  policies: string[];
  period: number;
  numUses: number;
  explicitMaxTtl: number;
  noDefaultPolicy: boolean;
}

export interface ParseTokenFieldsOptions {
  /** Also read the deprecated "period" when token_period is absent (AppRole does). */
  deprecatedPeriod?: boolean;
}

/** A role that has never set a token field. */
export function defaultTokenParams(): TokenParams {
  return { ttl: 0, maxTtl: 0, policies: [], period: 0, numUses: 0, explicitMaxTtl: 0, noDefaultPolicy: false };
}

/**
 * The token fields of a role create/update body on top of the role's current ones: a field the body leaves out
 * keeps its value. Bad durations throw 400; use checkTokenFields for the cross-field checks.
 */
export function parseTokenFields(body: Record<string, unknown>, current: TokenParams = defaultTokenParams(), options: ParseTokenFieldsOptions = {}): TokenParams {
  const next = { ...current };
  if (body.token_ttl !== undefined) next.ttl = parseDurationSeconds(body.token_ttl, 'token_ttl');
  if (body.token_max_ttl !== undefined) next.maxTtl = parseDurationSeconds(body.token_max_ttl, 'token_max_ttl');
  // "policies" is the deprecated name; both backends still accept it.
  if (body.token_policies !== undefined || body.policies !== undefined) next.policies = listOf(body.token_policies ?? body.policies);
  if (body.token_num_uses !== undefined) next.numUses = Number(body.token_num_uses);
  const deprecatedPeriod = options.deprecatedPeriod ? body.period : undefined;
  if (body.token_period !== undefined || deprecatedPeriod !== undefined) {
    next.period = parseDurationSeconds(body.token_period ?? deprecatedPeriod, 'token_period');
  }
  if (body.token_explicit_max_ttl !== undefined) {
    next.explicitMaxTtl = parseDurationSeconds(body.token_explicit_max_ttl, 'token_explicit_max_ttl');
  }
  if (body.token_no_default_policy !== undefined) next.noDefaultPolicy = body.token_no_default_policy === true;
  return next;
}

/** The checks Vault's ParseTokenFields makes once all fields are known: no negative use count, ttl <= max_ttl. */
export function checkTokenFields(params: TokenParams): void {
  if (params.numUses < 0) throw badRequest("'token_num_uses' cannot be negative");
  if (params.maxTtl > 0 && params.ttl > params.maxTtl) throw badRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
}

/** The token_* fields of a role read, in Vault's (alphabetical) order. */
export function tokenFieldsData(params: TokenParams): Record<string, unknown> {
  return {
    token_explicit_max_ttl: params.explicitMaxTtl,
    token_max_ttl: params.maxTtl,
    token_no_default_policy: params.noDefaultPolicy,
    token_num_uses: params.numUses,
    token_period: params.period,
    token_policies: params.policies,
    token_ttl: params.ttl,
    // This server issues service tokens only and reads no token_type, so roles report Vault's default.
    token_type: 'default',
  };
}

/** The part of a login's token that comes from the role. */
export function tokenGrant(params: TokenParams): Pick<LoginGrant, 'policies' | 'noDefaultPolicy' | 'ttl' | 'maxTtl' | 'period' | 'explicitMaxTtl' | 'numUses'> {
  return {
    policies: params.policies,
    noDefaultPolicy: params.noDefaultPolicy,
    ttl: params.ttl,
    maxTtl: params.maxTtl,
    period: params.period,
    explicitMaxTtl: params.explicitMaxTtl,
    numUses: params.numUses,
  };
}

/** The role's current settings a token renewal uses (LoginGrant.renewSettings). */
export function tokenRenewSettings(params: TokenParams): ReturnType<LoginGrant['renewSettings']> {
  return { ttl: params.ttl, maxTtl: params.maxTtl, period: params.period };
}
