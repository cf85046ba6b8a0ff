import http from 'node:http';
import { createHash } from 'node:crypto';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const SIZE = 100 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** Sends SIZE pseudo-random bytes, generated chunk by chunk (never whole in memory), and returns their hash. */
function upload(url: string, headers: Record<string, string>): Promise<{ status: number; body: any; sha256: string }> {
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(SIZE) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), sha256: hash.digest('hex') }));
    });
    req.on('error', reject);
    let sent = 0;
    let seed = 7;
    const write = () => {
      while (sent < SIZE) {
        const chunk = Buffer.alloc(Math.min(CHUNK, SIZE - sent));
        for (let i = 0; i < chunk.length; i += 4) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          chunk.writeUInt32LE(seed, i);
        }
        hash.update(chunk);
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('streaming attachment routes', () => {
  it('passes a 100 MB upload to Wrike and streams it back intact (size and hash)', async () => {
    const task = [...h.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const base = h.server.url.replace('/graphql', '');
    const sent = await upload(`${base}/attachments/upload?ticketId=${task.id}&fileName=big.bin`, { 'Content-Type': 'application/octet-stream' });
    expect(sent.status).toBe(201);
    expect(sent.body.attachment).toMatchObject({ name: 'big.bin', size: SIZE, taskId: task.id });
    const download = await fetch(sent.body.attachment.downloadUrl);
    expect(download.headers.get('content-length')).toBe(String(SIZE));
    // Always a download, never content rendered on this origin.
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.length;
    }
    expect(size).toBe(SIZE);
    expect(hash.digest('hex')).toBe(sent.sha256);
  }, 120_000);

  it('answers a retried upload with the same Idempotency-Key with the first attachment, writing once', async () => {
    const task = [...h.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const base = h.server.url.replace('/graphql', '');
    const send = () => fetch(`${base}/attachments/upload?ticketId=${task.id}&fileName=retry.txt`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain', 'Idempotency-Key': 'proof-77' }, body: 'approved proof',
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    const ids = new Set([first, second, third].map((r) => r.body.attachment.id));
    expect(ids.size).toBe(1);
    expect([first.status, second.status, third.status].sort()).toEqual([200, 200, 201]);
    expect(third.body.attachment).toMatchObject({ name: 'retry.txt', size: 'approved proof'.length });
    expect([...h.server.sandbox!.store.attachments.values()].filter((a) => a.name === 'retry.txt')).toHaveLength(1);
  });

  it('keeps a non-ASCII file name both ways, and fetches the bytes from Wrike\'s file storage without the Wrike token', async () => {
    const task = [...h.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    const base = h.server.url.replace('/graphql', '');
    const name = 'Résumé – 東京 "final" 100%.txt';
    const sent = await fetch(`${base}/attachments/upload?ticketId=${task.id}&fileName=${encodeURIComponent(name)}`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-Connection-Id': 'default' }, body: 'ünïcödé bytes',
    }).then(async (r) => (await r.json()) as any);
    expect(sent.attachment.name).toBe(name);
    expect(h.server.sandbox!.store.attachments.get(sent.attachment.id)!.name).toBe(name);
    // The sandbox answers the download with a redirect to signed storage, which refuses any Authorization header.
    const direct = await fetch(`${h.server.sandboxUrl}/api/v4/attachments/${sent.attachment.id}/download`, {
      headers: { Authorization: `Bearer ${h.server.sandbox!.permanentTokens.owner}` }, redirect: 'manual',
    });
    expect(direct.status).toBe(302);
    const storage = new URL(direct.headers.get('location')!);
    expect(storage.host).not.toBe(new URL(h.server.sandboxUrl!).host);
    expect((await fetch(storage, { headers: { Authorization: 'Bearer anything' } })).status).toBe(400);
    const download = await fetch(sent.attachment.downloadUrl);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('ünïcödé bytes');
    const disposition = download.headers.get('content-disposition')!;
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(name);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; /);
  });

  it('refuses an upload without Content-Length, with a bad ticket id, or to an unknown ticket', async () => {
    const base = h.server.url.replace('/graphql', '');
    const chunked = await fetch(`${base}/attachments/upload?ticketId=IEAGAABKKQAAAACV&fileName=a.txt`, {
      method: 'POST', headers: { 'X-Connection-Id': 'default' }, body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('x')); c.close(); } }), duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);
    const bad = await fetch(`${base}/attachments/upload?ticketId=../x&fileName=a.txt`, { method: 'POST', headers: { 'X-Connection-Id': 'default' }, body: 'x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await fetch(`${base}/attachments/upload?ticketId=IEAGAABKKQZZZZZZ&fileName=a.txt`, { method: 'POST', headers: { 'X-Connection-Id': 'default' }, body: 'x' });
    expect(missing.status).toBe(404);
  });
});
