import { GraphQLError } from 'graphql';
import { errorCodeOf, formatError } from '../../src/graphql/errors';
import { WrikeError } from '../../src/wrike/errors';
import { CallLimitError } from '../../src/wrike/rounds';
import { StoreUnavailableError } from '../../src/connections/store-errors';

/** A resolver's error as Apollo hands it to plugins and formatError: wrapped in a GraphQLError. */
const wrapped = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['ticket'] });

describe('errorCodeOf', () => {
  it('gives the code a client sees, for Wrike errors, call limits, typed and unexpected errors', () => {
    expect(errorCodeOf(wrapped(new WrikeError('cancelled', 'gone')))).toBe('REQUEST_CANCELLED');
    expect(errorCodeOf(wrapped(new WrikeError('rate_limited', 'slow down', { retryAfterSeconds: 3 })))).toBe('RATE_LIMITED');
    expect(errorCodeOf(wrapped(new CallLimitError(120)))).toBe('QUERY_TOO_COMPLEX');
    expect(errorCodeOf(new GraphQLError('no', { extensions: { code: 'BAD_USER_INPUT' } }))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(wrapped(new TypeError('x is undefined')))).toBe('INTERNAL_SERVER_ERROR');
  });

  it('agrees with formatError, which masks the unexpected', () => {
    for (const error of [wrapped(new WrikeError('not_found', 'gone')), wrapped(new CallLimitError(5)), wrapped(new Error('secret detail'))]) {
      const formatted = formatError({ message: error.message, path: ['ticket'] }, error);
      expect(formatted.extensions?.code).toBe(errorCodeOf(error));
    }
    expect(formatError({ message: 'secret detail' }, wrapped(new Error('secret detail'))).message).toBe('Internal server error');
  });
});

describe('formatError on errors raised while the request context is built', () => {
  // Apollo wraps what a context function threw in a GraphQLError of its own, with no path and no code of ours.
  const contextFailure = (original: Error) => new GraphQLError(`Context creation failed: ${original.message}`, { originalError: original });

  it('masks a driver\'s failure (it names the store\'s address) and types a store that did not answer', () => {
    const leaked = formatError({ message: 'Context creation failed: connect ECONNREFUSED 127.0.0.1:5432', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      contextFailure(new Error('connect ECONNREFUSED 127.0.0.1:5432')));
    expect(leaked).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const store = new StoreUnavailableError('postgres', { cause: new Error('connect ECONNREFUSED 127.0.0.1:5432') });
    expect(formatError({ message: store.message }, wrapped(store))).toEqual({ message: store.message, path: undefined, extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(errorCodeOf(wrapped(store))).toBe('UPSTREAM_UNAVAILABLE');
    // A typed error thrown there stays as it is.
    const typed = new GraphQLError('Unknown or revoked API key', { extensions: { code: 'UNAUTHENTICATED' } });
    expect(formatError({ message: typed.message, extensions: { code: 'UNAUTHENTICATED' } }, typed).extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});
