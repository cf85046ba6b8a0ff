import { randomBytes } from 'node:crypto';
import { WrikeApiError } from './errors';

/**
 * Wrike's `nextPageToken`: opaque, carrying the original query. The sandbox keeps the query's result (the ordered
 * ids at the first call) behind the token, so a chain of pages has no duplicates and no gaps. Tokens expire.
 */
interface PageState {
  /** The endpoint the token belongs to (a token from /tasks is not valid on /folders/{id}/tasks). */
  scope: string;
  ids: string[];
  offset: number;
  pageSize: number;
  fields: string[];
  createdAt: number;
}

export class PageTokens {
  private readonly states = new Map<string, PageState>();

  constructor(
    public ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(state: Omit<PageState, 'createdAt'>): string {
    this.sweep();
    const token = randomBytes(18).toString('base64url').toUpperCase();
    this.states.set(token, { ...state, createdAt: this.now() });
    return token;
  }

  take(token: string, scope: string): PageState {
    const state = this.states.get(token);
    if (!state || state.scope !== scope) {
      throw new WrikeApiError(400, 'invalid_parameter', "Parameter 'nextPageToken' is invalid");
    }
    if (this.now() - state.createdAt > this.ttlSeconds * 1000) {
      this.states.delete(token);
      throw new WrikeApiError(400, 'invalid_parameter', "Parameter 'nextPageToken' has expired");
    }
    return state;
  }

  /** Fault injection: every token issued so far is expired. */
  expireAll(): number {
    const count = this.states.size;
    for (const state of this.states.values()) state.createdAt = 0;
    return count;
  }

  private sweep(): void {
    const cutoff = this.now() - this.ttlSeconds * 1000;
    for (const [token, state] of this.states) if (state.createdAt < cutoff) this.states.delete(token);
  }
}
