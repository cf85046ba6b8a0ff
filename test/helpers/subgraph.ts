import { startServer, type RunningServer } from '../../src/main';

/** The whole service (subgraph + in-process sandbox) on ephemeral ports, queried over HTTP. */
export interface SubgraphHarness {
  server: RunningServer;
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: { data?: T; errors?: any[] } }>;
  control(path: string, init?: { method?: string; body?: unknown }): Promise<any>;
  close(): Promise<void>;
}

export async function startSubgraph(env: Record<string, string> = {}): Promise<SubgraphHarness> {
  const server = await startServer({ PORT: '0', LOG_LEVEL: 'silent', SANDBOX_SIZE: 'small', ...env });
  return {
    server,
    query: async (query, variables, headers = {}) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
    },
    control: async (path, init = {}) => {
      const response = await fetch(`${server.sandboxUrl}/__sandbox${path}`, {
        method: init.method ?? 'GET',
        headers: init.body !== undefined ? { 'Content-Type': 'application/json' } : {},
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      });
      return response.json();
    },
    close: () => server.stop(),
  };
}
