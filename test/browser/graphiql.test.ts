import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  const message = `GraphiQL browser test needs Chromium at ${CHROMIUM} (apt-get install chromium); .ci/run installs it`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`SKIPPING: ${message}`);
}
const suite = available ? describe : describe.skip;

suite('GraphiQL at /graphiql, offline, in headless Chromium', () => {
  let h: SubgraphHarness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startSubgraph();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
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
});
