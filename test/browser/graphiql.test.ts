import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { freePort } from '../helpers/process';

const available = chromiumAvailable('GraphiQL browser test');
const suite = available ? describe : describe.skip;

suite('GraphiQL at /graphiql, offline, in headless Chromium', () => {
  let h: SubgraphHarness;
  let browser: Browser;
  beforeAll(async () => {
    // PUBLIC_URL: the sandbox delivers webhooks here, for the subscription example.
    const port = await freePort();
    h = await startSubgraph({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('loads with every non-loopback request blocked, runs a query and shows the result', async () => {
    const page = await browser.newPage();
    const blocked: string[] = [];
    const local: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
        local.push(url.pathname);
        return route.continue();
      }
      blocked.push(url.href);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(h.server.url.replace('/graphql', '/graphiql'));
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    // The first example tab (tickets with sub-tasks and custom fields) is preloaded; run it.
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      // Runs in the page: `document` is the browser's.
      () => ((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('.result-window')?.textContent ?? '').includes('"totalCount"'),
      null, { timeout: 20_000 },
    );
    const result = await page.textContent('.result-window');
    // The page shows what the same list answers over plain HTTP: the newest active ticket first.
    const api = await h.query('{ tickets(first: 1, filter: { statusCategories: [ACTIVE] }) { nodes { title } } }');
    const newestActive = api.body.data.tickets.nodes[0].title as string;
    expect(result).toContain(JSON.stringify(newestActive).slice(1, -1));
    // The header editor carries the connection header.
    expect(await page.content()).toContain('X-Connection-Id');
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    expect(local).toEqual(expect.arrayContaining(['/graphiql', '/graphiql/assets/graphiql.js', '/graphql']));
  }, 60_000);

  it('runs the subscription example over graphql-ws and shows a change made in Wrike as it arrives', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(h.server.url.replace('/graphql', '/graphiql'));
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    const hooked = () => [...h.server.sandbox!.store.webhooks.values()].some((w) => w.status === 'Active');
    for (let i = 0; i < 100 && !hooked(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    // The fourth example tab is the subscription.
    await page.locator('.graphiql-tab').nth(3).click();
    // Once the editor shows it (GraphiQL takes the operation name from the editor's content).
    await page.waitForFunction(
      () => ((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('.graphiql-query-editor')?.textContent ?? '').includes('subscription TicketEvents'),
      null, { timeout: 10_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.click('.graphiql-execute-button');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the socket is open and subscribed
    const task = [...h.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    await h.wrike('PUT', `/tasks/${task.id}`, { title: 'Renamed while GraphiQL watched' });
    await page.waitForFunction(
      () => ((globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('.result-window')?.textContent ?? '').includes('Renamed while GraphiQL watched'),
      null, { timeout: 20_000 },
    );
    expect(await page.textContent('.result-window')).toContain('TaskTitleChanged');
    expect(errors).toEqual([]);
  }, 60_000);
});

/** A tiny web site on its own loopback port: one blank page, so that a script runs with that origin. */
async function startSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>another site</title><p>a page on another origin</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs in the page: a credentialed POST of a query, as a frontend sends it; what it read, or the browser's refusal. */
const CALL_IN_PAGE = async ([url, query]: [string, string]) => {
  try {
    const response = await fetch(url, {
      method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json', 'X-Connection-Id': 'default' }, body: JSON.stringify({ query }),
    });
    return { status: response.status, body: await response.text(), requestId: response.headers.get('X-Request-Id') };
  } catch (error) {
    return { refused: String(error) };
  }
};

/** Runs in the page: whether a graphql-ws socket opens. */
const SOCKET_IN_PAGE = (url: string) => new Promise<string>((resolve) => {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  socket.onopen = () => {
    socket.close();
    resolve('open');
  };
  socket.onerror = () => resolve('refused');
});

suite('Browsers: landing on GraphiQL, and CORS_ORIGINS, in headless Chromium', () => {
  let h: SubgraphHarness;
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof startSite>>;
  let other: Awaited<ReturnType<typeof startSite>>;
  beforeAll(async () => {
    [allowed, other] = await Promise.all([startSite(), startSite()]);
    h = await startSubgraph({ CORS_ORIGINS: allowed.origin });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await allowed?.close();
    await other?.close();
  });

  it.each(['/', '/graphql'])('opening %s lands on GraphiQL, not on a CSRF error', async (path) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(h.server.url.replace('/graphql', path));
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/graphiql');
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    expect(await page.content()).not.toMatch(/CSRF/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('lets a page on a listed origin call /graphql with credentials and read the answer', async () => {
    const page = await browser.newPage();
    await page.goto(`${allowed.origin}/`);
    const answer = await page.evaluate(CALL_IN_PAGE, [h.server.url, '{ me { id name } }'] as [string, string]);
    expect(answer).toMatchObject({ status: 200 });
    const { data } = JSON.parse((answer as { body: string }).body);
    const direct = await h.query('{ me { id name } }');
    expect(data.me).toEqual(direct.body.data.me);
    // An exposed header is readable by the page.
    expect((answer as { requestId: string | null }).requestId).toMatch(/\S/);
    expect(await page.evaluate(SOCKET_IN_PAGE, h.server.url.replace('http', 'ws'))).toBe('open');
    await page.close();
  }, 60_000);

  it('keeps the answer from a page on any other origin, and its socket shut', async () => {
    const page = await browser.newPage();
    await page.goto(`${other.origin}/`);
    const answer = await page.evaluate(CALL_IN_PAGE, [h.server.url, '{ me { id name } }'] as [string, string]);
    expect(answer).toEqual({ refused: expect.stringMatching(/Failed to fetch/) });
    expect(await page.evaluate(SOCKET_IN_PAGE, h.server.url.replace('http', 'ws'))).toBe('refused');
    await page.close();
  }, 60_000);
});
