/** What can go wrong talking to Wrike, in terms the GraphQL layer can turn into error codes. */
export type WrikeErrorKind =
  | 'bad_request' // 400: Wrike refused the parameters
  | 'unauthorized' // 401 after one refresh: the token does not work
  | 'needs_reauth' // the refresh token is dead: the account must be linked again
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'rate_limited' // 429 that outlasted the client's patience
  | 'unavailable' // 5xx, resets, timeouts (after retries, for reads)
  | 'outcome_unknown' // a write was sent but no answer came: it may or may not have happened
  | 'cancelled'; // the GraphQL request went away before this call was made

export class WrikeError extends Error {
  constructor(
    readonly kind: WrikeErrorKind,
    message: string,
    readonly details: { status?: number; code?: string; retryAfterSeconds?: number; missingScope?: string } = {},
  ) {
    super(message);
    this.name = 'WrikeError';
  }
}

/**
 * The reason a request's signal aborts when its deadline (REQUEST_DEADLINE_MS) passes: what its reads still in
 * flight, or waiting for anything but the budget, fail with.
 */
export function deadlinePassed(): WrikeError {
  return new WrikeError('unavailable', 'The request\'s deadline passed before this Wrike call answered; try again');
}

/** Why a request's call stops: its signal's reason when that is a WrikeError (the deadline's), else `otherwise`. */
export function abortedBy(signal: AbortSignal | undefined, otherwise: () => WrikeError): WrikeError {
  return signal?.reason instanceof WrikeError ? signal.reason : otherwise();
}

/** Wrike's error body `{error, errorDescription}` (or OAuth's snake_case), whatever the content type said. */
export function parseErrorBody(body: string): { code?: string; description?: string } {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const code = typeof parsed.error === 'string' ? parsed.error : undefined;
    const raw = parsed.errorDescription ?? parsed.error_description;
    return { code, description: typeof raw === 'string' ? raw : undefined };
  } catch {
    return {};
  }
}
