import type { Sandbox } from '../../src/sandbox/server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sandbox back to normal: no injected latency, errors or 429s. */
export const calmSandbox = (sandbox: Sandbox) => void sandbox.faults.update({ force429: 0, failNext: 0, errorRate: 0, latencyMs: 0, noRetryAfter: 0, retryAfterSeconds: 1 });

/**
 * Wrike misbehaving, one fault at a time: each for a window of a few seconds (a storm, a burst, an outage), so that
 * what is measured is how the service rides them out and recovers. The restart needs the sandbox's port.
 */
export function sandboxFaults(sandbox: Sandbox, port: number): [string, () => Promise<void> | void][] {
  const window = (apply: () => void, ms = 3000) => async () => {
    apply();
    await sleep(ms);
    calmSandbox(sandbox);
  };
  return [
    ['429 storm with Retry-After: 1', window(() => void sandbox.faults.update({ force429: 1e9, retryAfterSeconds: 1 }))],
    ['429 storm with Retry-After: 0', window(() => void sandbox.faults.update({ force429: 1e9, retryAfterSeconds: 0 }))],
    ['429 storm without Retry-After', window(() => void sandbox.faults.update({ force429: 1e9, noRetryAfter: 1 }))],
    ['5xx burst', window(() => void sandbox.faults.update({ errorRate: 1, errorStatus: 503 }), 2000)],
    ['slow answers (1.5 s)', window(() => void sandbox.faults.update({ latencyMs: 1500 }))],
    ['random 500s (20%)', window(() => void sandbox.faults.update({ errorRate: 0.2, errorStatus: 500 }))],
    ['page tokens expired', () => void sandbox.pages.expireAll()],
    ['access tokens expired', () => void sandbox.tokens.expireAccessTokens()],
    ['sandbox restart (2 s down)', async () => {
      await sandbox.close();
      await sleep(2000);
      await sandbox.listen(port);
    }],
  ];
}
