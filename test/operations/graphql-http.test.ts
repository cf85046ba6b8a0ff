import { gzipSync } from 'node:zlib';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/** /graphql is served on Node's HTTP server without Express: the body rules Express's json() parser had still hold. */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const post = (body: string | Buffer, headers: Record<string, string> = {}, path = '/graphql') =>
  fetch(h.server.url.replace('/graphql', path), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

describe('POST /graphql', () => {
  it('answers a query, echoes a sane X-Request-Id and makes one up for an insane one', async () => {
    const ok = await post(JSON.stringify({ query: '{ me { id } }' }), { 'X-Request-Id': 'trace-42', 'X-Connection-Id': 'default' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('trace-42');
    expect(((await ok.json()) as any).data.me.id).toMatch(/^[A-Z0-9]+$/);
    const odd = await post(JSON.stringify({ query: '{ __typename }' }), { 'X-Request-Id': 'no spaces <allowed>' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads a gzip-compressed body, as a router compressing subgraph requests sends it', async () => {
    const res = await post(gzipSync(JSON.stringify({ query: '{ __typename }' })), { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' }, extensions: expect.any(Object) });
  });

  it('serves /graphql/ like /graphql', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }' }), {}, '/graphql/');
    expect(((await res.json()) as any).data).toEqual({ __typename: 'Query' });
  });

  it.each([
    ['a body over 1 MB', () => post(JSON.stringify({ query: `{ __typename } #${'x'.repeat(1024 * 1024)}` })), 413, 'The request body is too large'],
    ['a body that inflates past 1 MB', () => post(gzipSync(JSON.stringify({ query: `#${'x'.repeat(2 * 1024 * 1024)}` })), { 'Content-Encoding': 'gzip' }), 413, 'The request body is too large'],
    ['a broken gzip stream', () => post(Buffer.from('not gzip at all'), { 'Content-Encoding': 'gzip' }), 400, 'The request body could not be read'],
    ['an unknown Content-Encoding', () => post('{}', { 'Content-Encoding': 'compress' }), 415, 'The request body\'s Content-Encoding is not supported'],
    ['a charset other than UTF-8', () => post('{}', { 'Content-Type': 'application/json; charset=latin1' }), 415, 'The charset latin1 is not supported: send UTF-8'],
    ['JSON that is not an object or array', () => post('"{ me { id } }"'), 400, 'The request body is not valid JSON'],
  ])('refuses %s with a typed JSON error', async (_name, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('leaves a non-JSON body to Apollo: a 400 that says what to send, and CSRF prevention still holds', async () => {
    const res = await post('query={ __typename }', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Content-Type|CSRF|preflight/i);
  });
});

describe('other routes', () => {
  it('answer an unknown path with a JSON 404, not an HTML page', async () => {
    const res = await fetch(h.server.url.replace('/graphql', '/no/such/route'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ message: 'No such route', extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('GET /graphql', () => {
  it('runs a query from the query string when it carries a non-simple header (CSRF prevention)', async () => {
    const url = `${h.server.url}?query=${encodeURIComponent('{ __typename }')}`;
    const refused = await fetch(url);
    expect(refused.status).toBe(400);
    const res = await fetch(url, { headers: { 'Apollo-Require-Preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data).toEqual({ __typename: 'Query' });
  });
});

describe('with INTROSPECTION=false', () => {
  it('answers no introspection and no "Did you mean" hints, and still serves _service { sdl } to routers', async () => {
    const closed = await startSubgraph({ INTROSPECTION: 'false' });
    try {
      const schema = await closed.query('{ __schema { types { name } } }');
      expect(schema.body.errors[0].message).toMatch(/introspection/i);
      const typo = await closed.query('{ tikets(first: 1) { nodes { id } } }');
      expect(typo.body.errors[0].message).not.toMatch(/Did you mean/);
      expect(typo.body.errors[0].message).toMatch(/tikets/);
      expect((await closed.query('{ _service { sdl } }')).body.data._service.sdl).toContain('type Ticket');
      // On by default outside production: the hint helps a developer.
      expect((await h.query('{ tikets(first: 1) { nodes { id } } }')).body.errors[0].message).toMatch(/Did you mean "tickets"/);
    } finally {
      await closed.close();
    }
  });
});
