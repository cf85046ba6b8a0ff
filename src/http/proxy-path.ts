/** Where the proxy lives; everything after it is a path of Wrike's API v4. */
export const PROXY_PREFIX = '/proxy/wrike/api/v4';

/**
 * The Wrike API path and query string a proxied request names, from its raw URL, or why it is refused. Confined to
 * the API: segments of letters, digits, `_`, `-` and `,` only (Wrike's resources and id lists), so no `..`, no
 * percent-encoding (an encoded slash or dot), no `//`, no backslash and no other host can slip through. No
 * `access_token` in the query: this service adds the connection's token, and no caller's token goes to Wrike.
 */
export function proxiedPath(rawUrl: string): { path: string; search: string } | { refused: string } {
  if (!rawUrl.startsWith(`${PROXY_PREFIX}/`)) return { refused: 'not under the proxy prefix' };
  const rest = rawUrl.slice(PROXY_PREFIX.length);
  const queryAt = rest.indexOf('?');
  const path = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const search = queryAt >= 0 ? rest.slice(queryAt) : '';
  if (!/^(\/[A-Za-z0-9_,-]+)+$/.test(path)) return { refused: 'the path must be Wrike API segments (letters, digits, _ - ,)' };
  for (const name of new URLSearchParams(search).keys()) {
    if (name.toLowerCase() === 'access_token') return { refused: 'access_token is not accepted: the connection\'s token is used' };
  }
  return { path, search };
}
