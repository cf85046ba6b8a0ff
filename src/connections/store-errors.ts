/**
 * The credential store did not answer (refused, timed out, connection lost): a typed failure callers can tell apart
 * from a bug. The message names the store and nothing else: never its address or credentials.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly store: 'postgres' | 'sqlite', options?: { cause?: unknown }) {
    super('The credential store did not answer in time; try again', options);
    this.name = 'StoreUnavailableError';
  }
}
