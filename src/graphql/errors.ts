import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { WrikeError, type WrikeErrorKind } from '../wrike/errors';
import { CallLimitError } from '../wrike/rounds';
import { StoreUnavailableError } from '../connections/store-errors';

/** The error codes clients see in `extensions.code` (the README's Errors section lists them). */
export type ErrorCode =
  | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'RATE_LIMITED' | 'UPSTREAM_UNAVAILABLE'
  | 'CONNECTION_NEEDS_REAUTH' | 'QUERY_TOO_COMPLEX' | 'WRITE_OUTCOME_UNKNOWN' | 'REQUEST_CANCELLED' | 'SUBSCRIPTION_LIMIT'
  | 'CHANGES_EXPIRED'
  | 'INTERNAL_SERVER_ERROR';

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
  if (original instanceof StoreUnavailableError) return 'UPSTREAM_UNAVAILABLE';
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
  if (original instanceof StoreUnavailableError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'UPSTREAM_UNAVAILABLE' } };
  }
  const code = formatted.extensions?.code;
  // Apollo wraps what a context function threw in a GraphQLError of its own ("Context creation failed: …", no path):
  // unless it carries one of our codes, that is an internal error like any other.
  if ((original instanceof GraphQLError && !wrapsForeignError(original)) || (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** A GraphQLError that only carries an error that is not one (a bug, a driver's failure), with no code of its own. */
function wrapsForeignError(error: GraphQLError): boolean {
  const { code } = error.extensions ?? {};
  return error.originalError !== undefined && error.originalError !== null && !(error.originalError instanceof GraphQLError)
    && (code === undefined || code === 'INTERNAL_SERVER_ERROR');
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400, FORBIDDEN: 403, UNAUTHENTICATED: 401, NOT_FOUND: 404, RATE_LIMITED: 429, QUERY_TOO_COMPLEX: 400,
  UPSTREAM_UNAVAILABLE: 502, WRITE_OUTCOME_UNKNOWN: 502, CONNECTION_NEEDS_REAUTH: 502, REQUEST_CANCELLED: 499,
};

/**
 * For the routes beside /graphql: a typed error (a Wrike failure, or one of ours) as an HTTP status, code and
 * message; undefined for anything unexpected (the route answers a masked 500). A Wrike refusal of input is 400.
 */
export function routeErrorOf(error: unknown): { status: number; code: string; message: string } | undefined {
  if (error instanceof WrikeError) {
    const code = CODE_BY_KIND[error.kind];
    return { status: error.kind === 'bad_request' || error.kind === 'forbidden' ? 400 : STATUS_BY_CODE[code] ?? 502, code, message: error.message };
  }
  if (error instanceof StoreUnavailableError) return { status: 503, code: 'UPSTREAM_UNAVAILABLE', message: error.message };
  if (error instanceof GraphQLError && typeof error.extensions?.code === 'string') {
    const code = error.extensions.code;
    const http = error.extensions.http as { status?: number } | undefined;
    return { status: http?.status ?? STATUS_BY_CODE[code] ?? 400, code, message: error.message };
  }
  return undefined;
}
