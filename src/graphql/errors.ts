import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { WrikeError, type WrikeErrorKind } from '../wrike/errors';
import { CallLimitError } from '../wrike/rounds';

/** The error codes clients see in `extensions.code` (see DESIGN.md). */
export type ErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'RATE_LIMITED' | 'UPSTREAM_UNAVAILABLE'
  | 'CONNECTION_NEEDS_REAUTH' | 'QUERY_TOO_COMPLEX' | 'WRITE_OUTCOME_UNKNOWN' | 'REQUEST_CANCELLED' | 'INTERNAL_SERVER_ERROR';

export const CODE_BY_KIND: Record<WrikeErrorKind, ErrorCode> = {
  bad_request: 'BAD_USER_INPUT',
  unauthorized: 'CONNECTION_NEEDS_REAUTH',
  needs_reauth: 'CONNECTION_NEEDS_REAUTH',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  rate_limited: 'RATE_LIMITED',
  unavailable: 'UPSTREAM_UNAVAILABLE',
  outcome_unknown: 'WRITE_OUTCOME_UNKNOWN',
  cancelled: 'REQUEST_CANCELLED',
};

export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** The code clients see for an error: what formatError puts in `extensions.code` (logs and metrics use it too). */
export function errorCodeOf(error: unknown): string {
  const original = unwrapResolverError(error);
  if (original instanceof CallLimitError) return 'QUERY_TOO_COMPLEX';
  if (original instanceof WrikeError) return CODE_BY_KIND[original.kind];
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * Apollo's formatError: Wrike failures become typed codes; anything unexpected is masked, so that no stack,
 * token or upstream detail leaks to clients.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof CallLimitError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'QUERY_TOO_COMPLEX', maxCalls: original.maxCalls } };
  }
  if (original instanceof WrikeError) {
    const extensions: Record<string, unknown> = { code: CODE_BY_KIND[original.kind] };
    if (original.details.retryAfterSeconds !== undefined) extensions.retryAfter = original.details.retryAfterSeconds;
    if (original.details.missingScope !== undefined) extensions.missingScope = original.details.missingScope;
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
