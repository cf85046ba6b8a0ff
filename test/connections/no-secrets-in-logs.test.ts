import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { createApiKey } from '../../src/connections/api-keys';
import { startSubgraph, TEST_ENCRYPTION_KEY, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';

/** Everything the server logs at the most verbose level, through a whole run of its features. */
const lines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph({}, createLogger('trace', sink));
});
afterAll(() => h.close());

describe('logs', () => {
  it('contain no token, key, secret or signature after linking, querying, refreshing, failing and streaming', async () => {
    const sandbox = h.server.sandbox!;
    const base = h.server.url.replace('/graphql', '');
    // OAuth link, queries through it, a refresh, and a dead refresh token.
    const { connectionId } = await linkThroughConsentPage(h);
    const viaOAuth = { 'X-Connection-Id': connectionId! };
    await h.query('{ tickets(first: 5) { nodes { id assignees { name } } } }', {}, viaOAuth);
    await h.control('/tokens/expire', { method: 'POST' });
    await h.query('{ me { id } }', {}, viaOAuth);
    // A permanent token linked through the admin, a bad one, uploads and download links, bad input, an upstream failure.
    const host = new URL(h.server.sandboxUrl!).host;
    await h.query('mutation($t: String!, $h: String!) { connectWrikeWithToken(input: { token: $t, host: $h }) { connection { id } } }', { t: sandbox.permanentTokens.admin, h: host });
    await h.query('mutation($h: String!) { connectWrikeWithToken(input: { token: "eyJbad.token.here", host: $h }) { userErrors { code } } }', { h: host });
    const attachment = [...sandbox.store.attachments.values()][0]!;
    const link = await h.query('query($id: ID!) { attachment(id: $id) { downloadUrl } }', { id: attachment.id }, { 'X-Connection-Id': 'default' });
    await fetch(link.body.data.attachment.downloadUrl);
    await fetch(`${base}/attachments/upload?ticketId=${attachment.taskId}&fileName=a.txt`, { method: 'POST', headers: { 'X-Connection-Id': 'default' }, body: 'hi' });
    await h.query('{ ticket(id: "../x") { id } }', {}, { 'X-Connection-Id': 'default' });
    await h.control('/faults', { method: 'PUT', body: { failNext: 5, errorStatus: 500 } });
    await h.query('{ me { id } }', {}, { 'X-Connection-Id': 'default' });
    await h.control('/faults', { method: 'DELETE' });
    await h.control('/tokens/revoke-refresh', { method: 'POST' });
    await h.control('/tokens/expire', { method: 'POST' });
    await h.query('{ me { id } }', {}, viaOAuth);
    // A malformed JSON body carrying a token: a short JSON error, no stack, nothing of the body in the answer or the log.
    const malformed = await fetch(h.server.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: `{"query": "{ me { id } }", "variables": { "token": "${sandbox.permanentTokens.owner}" `,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/application\/json/);
    const answer = await malformed.text();
    expect(JSON.parse(answer)).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    // API keys: a good one, a forged one.
    const { key } = await createApiKey(h.server.store, 'acme', null);
    await h.query('{ connections { id } }', {}, { Authorization: `Bearer ${key}` });
    await h.query('{ connections { id } }', {}, { Authorization: `Bearer ${key.slice(0, -3)}abc` });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('"requestId"');
    for (const secret of [
      ...Object.values(sandbox.permanentTokens), key, TEST_ENCRYPTION_KEY, 'sandbox-secret', 'sbx_at_', 'sbx_rt_', 'wsk_', 'signature=', 'eyJbad',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
