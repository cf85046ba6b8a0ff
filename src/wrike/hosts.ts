/**
 * Where a connection's API may live: Wrike's data-center hosts (www.wrike.com, app-us2.wrike.com, app-eu.wrike.com,
 * any other *.wrike.com), plus the exact hosts this server was told to trust (its in-process sandbox, and
 * WRIKE_EXTRA_HOSTS for tests against a local Wrike-compatible server). Nothing else: no loopback, private range,
 * IP literal in any spelling, or other name, so that no tenant can point the server at its own network, and a
 * refused host says nothing about what listens there.
 */
/** Wrike's data centers: US (the default), US 2 and EU. */
const WRIKE_DATA_CENTERS = ['www.wrike.com', 'app-us2.wrike.com', 'app-eu.wrike.com'];
const WRIKE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.wrike\.com$/i;
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

export class HostPolicy {
  private readonly trusted: Set<string>;

  constructor(trusted: readonly string[] = []) {
    this.trusted = new Set(trusted.map((host) => host.toLowerCase()));
  }

  /**
   * Where an account may live, for a token that does not say: the trusted hosts (the sandbox, test servers), and
   * Wrike's data centers, unless this server was told to trust hosts of its own (then it talks to those only).
   */
  dataCenters(): string[] {
    return this.trusted.size > 0 ? [...this.trusted] : [...WRIKE_DATA_CENTERS];
  }

  allows(host: string): boolean {
    return WRIKE_HOST.test(host) || this.trusted.has(host.toLowerCase());
  }

  /** `https://{host}/api/v4`, or http for a trusted loopback host (the sandbox). */
  apiBaseUrl(host: string): string {
    if (!this.allows(host)) throw new Error(`'${host.slice(0, 80)}' is not a Wrike host`);
    return `${LOOPBACK_HOST.test(host) ? 'http' : 'https'}://${host}/api/v4`;
  }
}
