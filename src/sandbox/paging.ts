import { randomBytes } from 'node:crypto';
import { WrikeApiError } from './errors';
import type { RawParams } from './params';

/**
 * Wrike's `nextPageToken`: opaque, carrying the original query and a position. Like Wrike, the sandbox evaluates the
 * query again at every page (live order: an edit between two pages moves tasks across the page boundary), and it
 * keeps the filters behind the token but not `fields`: a page fetched with a token carries only the optional fields
 * sent with that very request (the strict reading of Wrike's staff advice to resend the original parameters).
 * Tokens expire.
 */
interface PageState {
  /** The endpoint the token belongs to (a token from /tasks is not valid on /folders/{id}/tasks). */
  scope: string;
  /** The original query's parameters, without `fields`, `pageSize` and `nextPageToken`. */
  params: RawParams;
  offset: number;
  pageSize: number;
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
