/**
 * Wrike's data-center hosts (www.wrike.com, app-us2.wrike.com, app-eu.wrike.com, and any other *.wrike.com) and,
 * for the sandbox, loopback hosts. A token response's `host` decides where the account's API lives, so nothing
 * else is accepted: a forged host must not redirect calls (and the token) elsewhere.
 */
const WRIKE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.wrike\.com$/i;
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export function isAllowedWrikeHost(host: string): boolean {
  return WRIKE_HOST.test(host) || LOOPBACK_HOST.test(host);
}

/** `https://{host}/api/v4`, or http for a loopback sandbox. */
export function apiBaseUrlForHost(host: string): string {
  if (!isAllowedWrikeHost(host)) throw new Error(`'${host.slice(0, 80)}' is not a Wrike host`);
  return `${LOOPBACK_HOST.test(host) ? 'http' : 'https'}://${host}/api/v4`;
}
