import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/**
 * The first hour in GraphiQL: with no settings (the in-process sandbox, no PUBLIC_URL) the subscription tab says it
 * works as is, and it does: a change made through the API shows in the result pane as it arrives.
 */
const available = chromiumAvailable('GraphiQL events browser test');
const suite = available ? describe : describe.skip;

type Doc = { document: { querySelector(s: string): { textContent: string | null } | null } };

suite('GraphiQL\'s subscription tab with no settings, in headless Chromium', () => {
  let h: SubgraphHarness;
  let browser: Browser;
  beforeAll(async () => {
    // No PUBLIC_URL; WRIKE_WEBHOOKS at its default (the test harness turns it off for call-counting suites).
    h = await startSubgraph({ WRIKE_WEBHOOKS: 'true' });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('says it works with the sandbox as is, and shows a change as it arrives', async () => {
    const port = new URL(h.server.url).port;
    const hook = () => [...h.server.sandbox!.store.webhooks.values()].find((w) => w.status === 'Active');
    for (let i = 0; i < 200 && !hook(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    // Registered on loopback, at this server's port.
    expect(hook()?.hookUrl).toBe(`http://127.0.0.1:${port}/webhooks/wrike/default`);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(h.server.url.replace('/graphql', '/graphiql'));
    await page.waitForSelector('.graphiql-container', { timeout: 20_000 });
    await page.locator('.graphiql-tab').nth(3).click();
    await page.waitForFunction(
      () => ((globalThis as unknown as Doc).document.querySelector('.graphiql-query-editor')?.textContent ?? '').includes('subscription TicketEvents'),
      null, { timeout: 10_000 },
    );
    const editor = (await page.textContent('.graphiql-query-editor')) ?? '';
    // Line numbers sit between the editor's lines in its text: the comment is checked line by line.
    expect(editor).toContain('With the built-in sandbox it works as');
    expect(editor).toContain('is; against a real Wrike the server needs PUBLIC_URL (see the README).');
    await page.waitForTimeout(300);
    await page.click('.graphiql-execute-button');

    // The socket opens in its own time: the ticket is renamed until a new title shows (no fixed wait).
    const task = [...h.server.sandbox!.store.tasks.values()].find((t) => t.scope === 'WsTask')!;
    let shown = false;
    // Up to 60 s: on a loaded CI machine the socket, the hook's delivery and the page's rendering all take their time.
    for (let n = 1; n <= 60 && !shown; n++) {
      // GraphiQL may run the tab before its operation name follows the tab's text (it then answers "Unknown operation
      // named" the previous tab's): run it again.
      if (((await page.textContent('.result-window')) ?? '').includes('Unknown operation named')) await page.click('.graphiql-execute-button');
      const renamed = await h.query('mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { userErrors { message } } }', { i: { id: task.id, title: `Watched in GraphiQL ${n}` } });
      expect(renamed.body.data.updateTicket.userErrors).toEqual([]);
      shown = await page.waitForFunction(
        () => ((globalThis as unknown as Doc).document.querySelector('.result-window')?.textContent ?? '').includes('Watched in GraphiQL'),
        null, { timeout: 1000 },
      ).then(() => true, () => false);
    }
    // On failure, what the page and the sandbox's hook showed.
    expect({ shown, result: shown ? '' : await page.textContent('.result-window'), hook: hook()?.status }).toEqual({ shown: true, result: '', hook: 'Active' });
    expect(await page.textContent('.result-window')).toContain('TaskTitleChanged');
    expect(errors).toEqual([]);
  }, 150_000);
});
