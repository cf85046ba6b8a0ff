import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import type { Task } from '../../src/sandbox/model';

/** commentChanges: Wrike's account-wide comment list, one call a page, never one a ticket. */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
const live = () => [...store().tasks.values()].filter((t) => t.scope === 'WsTask');
const settle = () => new Promise((resolve) => setTimeout(resolve, 2600));
const FEED = `query($s: DateTime!, $first: Int, $after: String) { commentChanges(since: $s, first: $first, after: $after) {
  nodes { id body updatedAt ticket { id } } pageInfo { hasNextPage endCursor } } }`;

/** A call to the sandbox's Wrike API with a query string, answered as it is (status and body). */
async function wrikeGet(path: string, query: Record<string, string>) {
  const response = await fetch(`${h.server.sandboxUrl}/api/v4${path}?${new URLSearchParams(query).toString()}`, {
    headers: { Authorization: `Bearer ${h.server.sandbox!.permanentTokens.owner}` },
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('commentChanges', () => {
  it('lists comments added and edited since a time across tickets, oldest change first, in one call a page', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const tasks = live().slice(0, 6);
    const added: string[] = [];
    for (const [k, task] of tasks.entries()) added.push((await h.wrike('POST', `/tasks/${task.id}/comments`, { text: `Comment ${k}` }))[0].id);
    await h.wrike('PUT', `/comments/${added[0]}`, { text: 'Comment 0, edited' });
    await settle();
    await h.resetCalls();
    const all = await h.query(FEED, { s: since, first: 100 });
    expect(all.body.errors).toBeUndefined();
    const nodes = all.body.data.commentChanges.nodes as { id: string; body: string; updatedAt: string; ticket: { id: string } }[];
    expect(nodes.map((n) => n.id).sort()).toEqual([...added].sort());
    expect(nodes.find((n) => n.id === added[0])!.body).toContain('Comment 0, edited');
    expect(nodes.map((n) => Date.parse(n.updatedAt))).toEqual(nodes.map((n) => Date.parse(n.updatedAt)).sort((a, b) => a - b));
    // Six tickets, one call for their comments (and a batched read of the tickets the selection names).
    const calls = (await h.calls()).byRoute;
    expect(calls['GET /comments']).toBe(1);
    expect(Object.keys(calls).filter((route) => route.includes('/comments') && route !== 'GET /comments')).toEqual([]);

    // Paged two at a time: each page one call, every comment once.
    await h.resetCalls();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = await h.query(FEED, { s: since, first: 2, after });
      expect(page.body.errors).toBeUndefined();
      seen.push(...page.body.data.commentChanges.nodes.map((n: { id: string }) => n.id));
      pages++;
      after = page.body.data.commentChanges.pageInfo.endCursor;
      if (!page.body.data.commentChanges.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(nodes.map((n) => n.id));
    expect((await h.calls()).byRoute['GET /comments']).toBe(pages);

    // Resumed from the last cursor: only what changed since.
    const later = (await h.wrike('POST', `/tasks/${tasks[1]!.id}/comments`, { text: 'Later' }))[0].id;
    await settle();
    const resumed = await h.query(FEED, { s: since, first: 100, after });
    expect(resumed.body.data.commentChanges.nodes.map((n: { id: string }) => n.id)).toEqual([later]);
  }, 30_000);

  it('halves a window Wrike answers full (1,000 comments) until it is whole, and walks the rest', async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const task = live()[9]!;
    const author = [...store().comments.values()][0]!.authorId;
    const base = Date.now() - 3_000_000;
    // 1,050 comments over the last hour, put straight into the sandbox's store (as if made by Wrike's own users).
    const many = Array.from({ length: 1050 }, (_x, k) => {
      const at = new Date(base + k * 2000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return { id: `IEAGAABKIM${String(k).padStart(6, '0')}`, authorId: author, text: `Bulk ${k}`, createdDate: at, updatedDate: at, taskId: task.id };
    });
    for (const comment of many) store().comments.set(comment.id, comment);
    await h.resetCalls();
    const first = await h.query(FEED, { s: since, first: 100 });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.commentChanges.nodes.slice(0, 3).map((n: { id: string }) => n.id)).toEqual(many.slice(0, 3).map((c) => c.id));
    // The whole hour came back cut at 1,000: one more call for its first half.
    expect((await h.calls()).byRoute['GET /comments']).toBe(2);
    const seen = new Set<string>(first.body.data.commentChanges.nodes.map((n: { id: string }) => n.id));
    let after = first.body.data.commentChanges.pageInfo.endCursor as string;
    for (let more = first.body.data.commentChanges.pageInfo.hasNextPage; more;) {
      const page: any = await h.query(FEED, { s: since, first: 100, after });
      expect(page.body.errors).toBeUndefined();
      for (const n of page.body.data.commentChanges.nodes) seen.add(n.id);
      after = page.body.data.commentChanges.pageInfo.endCursor ?? after;
      more = page.body.data.commentChanges.pageInfo.hasNextPage;
    }
    for (const comment of many) expect(seen.has(comment.id)).toBe(true);
  }, 60_000);

  it('walks 250 comments of one second, 100 a page, each once', async () => {
    const at = new Date(Date.now() - 600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const task = live()[10]!;
    const author = [...store().comments.values()][0]!.authorId;
    const tie = Array.from({ length: 250 }, (_x, k) => ({ id: `IEAGAABKIN${String(k).padStart(6, '0')}`, authorId: author, text: `Tie ${k}`, createdDate: at, updatedDate: at, taskId: task.id }));
    for (const comment of tie) store().comments.set(comment.id, comment);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await h.query(FEED, { s: at, first: 100, after });
      expect(page.body.errors).toBeUndefined();
      seen.push(...page.body.data.commentChanges.nodes.map((n: { id: string }) => n.id).filter((id: string) => id.startsWith('IEAGAABKIN')));
      after = page.body.data.commentChanges.pageInfo.endCursor ?? after;
      if (!page.body.data.commentChanges.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(tie.map((c) => c.id));
  }, 30_000);

  it('refuses a since older than the 7 days Wrike keeps, saying what to do, before any call', async () => {
    await h.resetCalls();
    const res = await h.query(FEED, { s: new Date(Date.now() - 8 * 86_400_000).toISOString() });
    expect(res.body.data.commentChanges).toBeNull();
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'CHANGES_EXPIRED', horizonDays: 7 });
    expect(res.body.errors[0].message).toMatch(/Ticket\.comments/);
    expect((await h.calls()).total).toBe(0);
  });

  it('reads the sandbox strictly: a window of 7 days or more, or reaching past 7 days, is refused', async () => {
    const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const now = Date.now();
    const week = await wrikeGet('/comments', { updatedDate: JSON.stringify({ start: at(now - 7 * 86_400_000 + 60_000), end: at(now + 60_000) }) });
    expect(week.status).toBe(400);
    const old = await wrikeGet('/comments', { updatedDate: JSON.stringify({ start: at(now - 8 * 86_400_000), end: at(now - 7 * 86_400_000 - 3_600_000) }) });
    expect(old.status).toBe(400);
    const fine = await wrikeGet('/comments', { updatedDate: JSON.stringify({ start: at(now - 6 * 86_400_000), end: at(now) }) });
    expect(fine.status).toBe(200);
  });

  it('leaves out comments on tickets outside a limited connection\'s space', async () => {
    const spaceOf = (task: Task) => new Set([...task.parentIds, ...task.superParentIds].flatMap((id) => [id, ...store().folderAncestors(id)]).filter((id) => store().folders.get(id)?.space));
    const spaces = [...store().folders.values()].filter((f) => f.space && live().filter((t) => spaceOf(t).has(f.id)).length > 10);
    const [inside, outside] = spaces.map((s) => s.id) as [string, string];
    const { connectionId } = await linkThroughConsentPage(h, { workspaceIds: [inside] });
    const since = new Date(Date.now() - 1000).toISOString();
    const inTask = live().find((t) => spaceOf(t).size === 1 && spaceOf(t).has(inside))!;
    const outTask = live().find((t) => spaceOf(t).size === 1 && spaceOf(t).has(outside))!;
    const kept = (await h.wrike('POST', `/tasks/${inTask.id}/comments`, { text: 'Inside' }))[0].id;
    await h.wrike('POST', `/tasks/${outTask.id}/comments`, { text: 'Outside, secret' });
    await settle();
    const res = await h.query(FEED, { s: since, first: 100 }, { 'X-Connection-Id': connectionId! });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.commentChanges.nodes.map((n: { id: string }) => n.id)).toEqual([kept]);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  }, 30_000);
});
