import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server';

/** A sandbox on an ephemeral loopback port, and a tiny HTTP client that speaks to it like a Wrike client would. */
export interface SandboxHarness {
  sandbox: Sandbox;
  url: string;
  token: string;
  /** A call to /api/v4 with the owner's token (or `token`), returning status, headers and the parsed body. */
  api(path: string, init?: ApiInit): Promise<ApiResponse>;
  control(path: string, init?: { method?: string; body?: unknown }): Promise<any>;
  close(): Promise<void>;
}

export interface ApiInit {
  method?: string;
  token?: string | null;
  /** Query parameters; arrays and objects are sent as JSON text, as Wrike expects. */
  query?: Record<string, unknown>;
  /** Form body (urlencoded, JSON-text values). */
  form?: Record<string, unknown>;
  /** JSON body. */
  json?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

function encode(values: Record<string, unknown>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return out;
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<SandboxHarness> {
  const sandbox = createSandbox({ size: 'small', rateLimitPerMinute: 100000, rateLimitBurst: 100000, ...options });
  const url = await sandbox.listen(0);
  const token = sandbox.permanentTokens.owner;
  const api = async (path: string, init: ApiInit = {}): Promise<ApiResponse> => {
    const query = init.query ? `?${encode(init.query).toString()}` : '';
    const headers: Record<string, string> = { ...init.headers };
    const bearer = init.token === undefined ? token : init.token;
    if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
    let body: string | Buffer | undefined;
    if (init.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = encode(init.form).toString();
    } else if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.raw) {
      body = init.raw;
    }
    const response = await fetch(`${url}/api/v4${path}${query}`, { method: init.method ?? 'GET', headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };
  const control = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${url}/__sandbox${path}`, {
      method: init.method ?? 'GET',
      headers: init.body !== undefined ? { 'Content-Type': 'application/json' } : {},
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    return response.json();
  };
  return { sandbox, url, token, api, control, close: () => sandbox.close() };
}
