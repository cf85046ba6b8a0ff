import { GraphQLError } from 'graphql';
import { errorCodeOf, formatError } from '../../src/graphql/errors';
import { WrikeError } from '../../src/wrike/errors';
import { CallLimitError } from '../../src/wrike/rounds';

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
