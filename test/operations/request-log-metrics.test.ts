import http from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/** The request log names the real path and notes requests the client abandoned; /metrics can be closed. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({ METRICS_TOKEN }, createLogger('info', sink));
});
afterAll(() => h.close());

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
};

describe('the request log', () => {
  it('names each request by its real path, never its query string', async () => {
    await h.query('{ me { id } }');
    await fetch(`${h.server.url.replace('/graphql', '')}/graphiql?token=secret-in-query`);
    expect(await until(() => logged().some((l) => l.msg === 'request' && l.path === '/graphiql'))).toBe(true);
    const paths = logged().filter((l) => l.msg === 'request').map((l) => l.path);
    expect(paths).toContain('/graphql');
    expect(lines.join('')).not.toContain('secret-in-query');
  });

  it('logs a request its client abandoned before the answer', async () => {
    const url = new URL(`${h.server.url.replace('/graphql', '')}/attachments/upload?ticketId=IEAGAABKKQAAAAB4&fileName=a.txt`);
    await new Promise<void>((resolve) => {
      const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': '1000000', 'X-Connection-Id': 'default' } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    expect(await until(() => logged().some((l) => l.msg === 'request aborted' && l.path === '/attachments/upload' && l.aborted === true))).toBe(true);
  });
});

describe('/metrics', () => {
  it('asks for METRICS_TOKEN when it is set', async () => {
    const url = `${h.server.url.replace('/graphql', '')}/metrics`;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await fetch(url, { headers: { Authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    const allowed = await fetch(url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('# TYPE');
  });
});
