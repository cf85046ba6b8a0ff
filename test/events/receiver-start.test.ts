import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { startSubgraph } from '../helpers/subgraph';
import { freePort } from '../helpers/process';

/**
 * Where hooks go, as the server starts: its start-up log says it in one line, and the sandbox holds the hook there
 * (or holds none, and the line says why).
 */
async function start(env: Record<string, string>) {
  const lines: { msg: string; webhooks?: string | null }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const h = await startSubgraph(env, createLogger('info', sink));
  const hooks = async () => {
    // Registration runs in the background after the start: give it its moment, then read what the sandbox holds.
    for (let i = 0; i < 100 && ![...h.server.sandbox!.store.webhooks.values()].some((w) => w.status === 'Active'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    return [...h.server.sandbox!.store.webhooks.values()].map((w) => w.hookUrl);
  };
  const said = () => lines.filter((line) => 'webhooks' in line);
  return { h, hooks, said };
}

describe('the webhook address at start', () => {
  it('with the in-process sandbox and no PUBLIC_URL: this server on loopback, said in the log', async () => {
    const { h, hooks, said } = await start({ WRIKE_WEBHOOKS: 'true' });
    try {
      const port = new URL(h.server.url).port;
      expect(await hooks()).toEqual([`http://127.0.0.1:${port}/webhooks/wrike/default`]);
      expect(said()).toEqual([expect.objectContaining({ webhooks: `http://127.0.0.1:${port}`, msg: expect.stringContaining('the in-process sandbox delivers to') })]);
    } finally {
      await h.close();
    }
  });

  it('with PUBLIC_URL: PUBLIC_URL, sandbox or not', async () => {
    const port = await freePort();
    const { h, hooks, said } = await start({ PORT: String(port), PUBLIC_URL: `http://localhost:${port}/` });
    try {
      expect(await hooks()).toEqual([`http://localhost:${port}/webhooks/wrike/default`]);
      expect(said()).toEqual([expect.objectContaining({ webhooks: `http://localhost:${port}`, msg: expect.stringContaining('(PUBLIC_URL)') })]);
    } finally {
      await h.close();
    }
  });

  it('with WRIKE_WEBHOOKS=false: none, even with PUBLIC_URL, and the log says why', async () => {
    const port = await freePort();
    const { h, hooks, said } = await start({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, WRIKE_WEBHOOKS: 'false' });
    try {
      expect(await hooks()).toEqual([]);
      expect(said()).toEqual([expect.objectContaining({ webhooks: null, msg: expect.stringMatching(/^WRIKE_WEBHOOKS is false: no Wrike webhooks are registered/) })]);
      const enabled = await h.query('mutation { enableWrikeWebhook(input: { connectionId: "default" }) { webhook { status } userErrors { code message } } }');
      expect(enabled.body.data.enableWrikeWebhook).toEqual({ webhook: null, userErrors: [expect.objectContaining({ code: 'WRIKE_REFUSED' })] });
    } finally {
      await h.close();
    }
  });
});
