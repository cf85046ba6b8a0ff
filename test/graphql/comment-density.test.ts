import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import type { Task } from '../../src/sandbox/model';

/**
 * commentChanges on a connection limited to one space, with a busy account around it (20,000 comments in six days,
 * nearly all outside): a page that uses up its call allowance while sizing windows ends short with a cursor that has
 * moved, the next page starts from the density measured, and the feed ends with every comment inside, each once,
 * never more calls than the query was priced at.
 */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
}, 60_000);
afterAll(() => h.close());

const FEED = `query($s: DateTime!, $after: String) { commentChanges(since: $s, first: 100, after: $after) {
  nodes { id } pageInfo { hasNextPage endCursor } } }`;

it('reads the feed to its end past dense stretches outside the connection\'s space', async () => {
  const store = h.server.sandbox!.store;
  const spaces = [...store.folders.values()].filter((f) => f.space);
  const space = spaces[0]!.id;
  const { connectionId } = await linkThroughConsentPage(h, { workspaceIds: [space] });
  const headers = { 'X-Connection-Id': connectionId! };
  const template = [...store.comments.values()][0]!;
  const spaceOf = (task: Task) => new Set([...task.parentIds, ...task.superParentIds]
    .flatMap((id) => [id, ...store.folderAncestors(id)]).filter((id) => store.folders.get(id)?.space));
  const outside = [...store.tasks.values()].filter((t) => t.scope === 'WsTask' && !spaceOf(t).has(space));
  const inside = [...store.tasks.values()].find((t) => t.scope === 'WsTask' && spaceOf(t).has(space))!;
  const now = Date.now();
  const span = 6 * 86_400_000;
  const insideIds: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const at = new Date(now - span + Math.floor((i / 20_000) * (span - 60_000))).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const id = `IEAGAABKIMZZ${i.toString(36).toUpperCase().padStart(4, '0')}`;
    const taskId = i % 200 === 0 ? inside.id : outside[i % outside.length]!.id;
    if (taskId === inside.id) insideIds.push(id);
    store.comments.set(id, { ...template, id, createdDate: at, updatedDate: at, taskId, folderId: undefined });
  }
  const since = new Date(now - span - 60_000).toISOString();
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res = await h.query(FEED, { s: since, after }, headers);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions.cost.actualCalls).toBeLessThanOrEqual(res.body.extensions.cost.estimatedCalls);
    const page = res.body.data.commentChanges;
    seen.push(...page.nodes.map((n: { id: string }) => n.id));
    if (page.pageInfo.hasNextPage) expect(page.pageInfo.endCursor).not.toBe(after);
    after = page.pageInfo.endCursor ?? after;
    pages++;
    expect(pages).toBeLessThan(40);
    if (!page.pageInfo.hasNextPage) break;
  }
  expect(new Set(seen).size).toBe(seen.length);
  for (const id of insideIds) expect(seen).toContain(id);
}, 180_000);
