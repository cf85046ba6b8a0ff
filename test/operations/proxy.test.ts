import http from 'node:http';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { proxiedPath } from '../../src/http/proxy-path';

let h: SubgraphHarness;
let base: string;
beforeAll(async () => {
  h = await startSubgraph();
  base = h.server.url.replace('/graphql', '');
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;

/** A request whose path goes on the wire exactly as written (fetch would normalise `..` and `\`). */
function raw(path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the Wrike proxy', () => {
  it('passes a read through to the connection\'s Wrike, query string included, and answers Wrike\'s own envelope', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const res = await fetch(`${base}/proxy/wrike/api/v4/tasks/${task.id}?fields=${encodeURIComponent('["attachmentCount"]')}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ kind: 'tasks', data: [{ id: task.id, title: task.title }] });
    expect(body.data[0]).toHaveProperty('attachmentCount');
    expect(res.headers.get('authorization')).toBeNull();
  });

  it('passes a write through with its body, and Wrike\'s refusals as they are', async () => {
    const task = [...store().tasks.values()].filter((t) => t.scope === 'WsTask')[2]!;
    const res = await fetch(`${base}/proxy/wrike/api/v4/tasks/${task.id}`, {
      method: 'PUT', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Connection-Id': 'default' }, body: 'title=Renamed%20through%20the%20proxy',
    });
    expect(res.status).toBe(200);
    expect(store().tasks.get(task.id)!.title).toBe('Renamed through the proxy');
    const missing = await fetch(`${base}/proxy/wrike/api/v4/tasks/IEAGAABKKQZZZZZZ`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error).toBe('resource_not_found');
  });

  it('confines every path to the API: dot segments, encoded slashes, backslashes, other hosts and tokens are refused before any call', async () => {
    await h.resetCalls();
    for (const path of [
      '/proxy/wrike/api/v4/../../graphql', '/proxy/wrike/api/v4/tasks/%2e%2e/%2e%2e/version', '/proxy/wrike/api/v4/tasks%2F..%2F..%2Fx',
      '/proxy/wrike/api/v4//evil.example.com/api/v4/tasks', '/proxy/wrike/api/v4/tasks\\..\\x', '/proxy/wrike/api/v4/tasks?access_token=stolen',
      '/proxy/wrike/api/v4/tasks?ACCESS_TOKEN=stolen', '/proxy/wrike/api/v4/',
    ]) {
      const res = await raw(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('BAD_REQUEST');
    }
    const absolute = await raw('http://evil.example.com/proxy/wrike/api/v4/tasks');
    expect(absolute.status).not.toBe(200);
    expect((await raw('/proxy/wrike/api/v4/tasks', 'PATCH')).status).toBe(405);
    expect((await h.calls()).total).toBe(0);
  });

  it('counts its calls in /metrics', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/proxy_calls_total\{method="GET",status="200"\} [1-9]/);
    expect(metrics).toMatch(/proxy_calls_total\{method="GET",status="400"\} [1-9]/);
  });
});

describe('proxiedPath', () => {
  it('keeps Wrike resource paths and id lists, and their query strings', () => {
    expect(proxiedPath('/proxy/wrike/api/v4/tasks/IEAGAABKKQAAAAB6,IEAGAABKKQAAAAB7/comments?plainText=true'))
      .toEqual({ path: '/tasks/IEAGAABKKQAAAAB6,IEAGAABKKQAAAAB7/comments', search: '?plainText=true' });
    expect(proxiedPath('/proxy/wrike/api/v4/custom_item_types')).toEqual({ path: '/custom_item_types', search: '' });
    expect(proxiedPath('/proxy/wrike/api/v4')).toHaveProperty('refused');
    expect(proxiedPath('/proxy/wrike/api/v4/tasks/.')).toHaveProperty('refused');
  });
});
