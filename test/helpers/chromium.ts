import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), driven by playwright-core: no download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is here: a loud skip by hand when it is not, a failure under CI=true. */
export function chromiumAvailable(what: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available) {
    const message = `${what} needs Chromium at ${CHROMIUM} (apt-get install chromium); .ci/run installs it`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`SKIPPING: ${message}`);
  }
  return available;
}

/**
 * Headless Chromium as root on a closed network: no sandbox, no GPU, and none of the background connections that this
 * machine's network would refuse.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
