import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/main';
import type { Logger } from '../../src/logger';

/** The whole service (subgraph + in-process sandbox) on ephemeral ports, queried over HTTP. */
export interface SubgraphHarness {
  server: RunningServer;
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  control(path: string, init?: { method?: string; body?: unknown }): Promise<any>;
  /** Sandbox call counters since the last reset: total and by route. */
  calls(): Promise<{ total: number; byRoute: Record<string, number>; calls: { route: string; status: number; startedAt: number; endedAt: number }[] }>;
  resetCalls(): Promise<void>;
  /**
   * A call to the sandbox's Wrike API with the owner's token (form body, JSON-text values): a change made behind the
   * subgraph's back, as a Wrike user would make it. Returns the envelope's data; throws on anything but 200.
   */
  wrike(method: string, path: string, form?: Record<string, unknown>): Promise<any[]>;
  close(): Promise<void>;
}

/** A fixed key for tests (never a real one): 32 bytes as hex. */
export const TEST_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export async function startSubgraph(env: Record<string, string> = {}, logger?: Logger): Promise<SubgraphHarness> {
  const server = await startServer({ PORT: '0', LOG_LEVEL: 'silent', SANDBOX_SIZE: 'small', CURSOR_SECRET: 'test-cursor-secret-0123456789',
    // Each server its own SQLite store and development key.
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wrike-subgraph-test-')),
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    // Tests count calls exactly: no rate limit unless a test asks for one (429s are injected where tested).
    SANDBOX_RATE_LIMIT_PER_MINUTE: '1000000', SANDBOX_RATE_LIMIT_BURST: '1000000', WRIKE_BUDGET_PER_MINUTE: '1000000', WRIKE_BUDGET_BURST: '1000',
    // ...and each request reads Wrike afresh, so that counts and changes made behind the subgraph's back show at
    // once; the shared cache has tests of its own (test/graphql/rate-budget-cache.test.ts).
    CACHE_MAX_STALENESS_MS: '0', CACHE_METADATA_TTL_MS: '0',
    // ...and no webhook unless a suite asks for one (PUBLIC_URL or WRIKE_WEBHOOKS=true): the in-process sandbox's
    // hook, on by default, would add calls of its own (registration, and the reads events make) to exact counts.
    ...(env.PUBLIC_URL === undefined ? { WRIKE_WEBHOOKS: 'false' } : {}), ...env }, { logger });
  return {
    server,
    query: async (query, variables, headers = {}) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as any };
    },
    control: async (path, init = {}) => {
      const response = await fetch(`${server.sandboxUrl}/__sandbox${path}`, {
        method: init.method ?? 'GET',
        headers: init.body !== undefined ? { 'Content-Type': 'application/json' } : {},
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      });
      return response.json();
    },
    calls: async () => {
      const response = await fetch(`${server.sandboxUrl}/__sandbox/counters`);
      return (await response.json()) as any;
    },
    resetCalls: async () => {
      await fetch(`${server.sandboxUrl}/__sandbox/counters`, { method: 'DELETE' });
    },
    wrike: async (method, path, form = {}) => {
      const body = new URLSearchParams(Object.entries(form).map(([k, v]): [string, string] => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]));
      const response = await fetch(`${server.sandboxUrl}/api/v4${path}`, {
        method,
        headers: { Authorization: `Bearer ${server.sandbox!.permanentTokens.owner}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: method === 'GET' ? undefined : body.toString(),
      });
      if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { data: any[] }).data;
    },
    close: () => server.stop(),
  };
}
