import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { linkThroughConsentPage } from '../helpers/oauth-link';
import type { Task } from '../../src/sandbox/model';

/**
 * A sync that reads the change feed from a point in time and applies it (upsert the tickets, delete the tombstones)
 * ends with exactly the tickets Wrike has, while tickets are created, edited, moved and deleted between its pages.
 */
let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
const live = () => [...store().tasks.values()].filter((t) => t.scope === 'WsTask');
const leafFolders = () => [...store().folders.values()].filter((f) => f.scope === 'WsFolder' && !f.space && f.childIds.length === 0);
const settle = () => new Promise((resolve) => setTimeout(resolve, 2600));

const FEED = `query($s: DateTime!, $after: String, $first: Int = 100) { ticketChanges(since: $s, first: $first, after: $after) {
  nodes { id title } tombstones { id deleted deletedAt reason cursor } pageInfo { hasNextPage endCursor } } }`;

interface Mirror { tickets: Map<string, string>; cursor: string | null; pages: number; tombstones: { id: string; reason: string }[]; first?: number }

/** Reads the feed to its end from the mirror's cursor, applying each page; `between` runs after each page. */
async function sync(mirror: Mirror, since: string, headers: Record<string, string> = {}, between: (page: number) => Promise<void> = async () => {}) {
  for (;;) {
    const res = await h.query(FEED, { s: since, after: mirror.cursor, first: mirror.first ?? 100 }, headers);
    expect(res.body.errors).toBeUndefined();
    const page = res.body.data.ticketChanges;
    for (const node of page.nodes) mirror.tickets.set(node.id, node.title);
    for (const tomb of page.tombstones) {
      expect(tomb.deleted).toBe(true);
      mirror.tickets.delete(tomb.id);
      mirror.tombstones.push({ id: tomb.id, reason: tomb.reason });
    }
    mirror.cursor = page.pageInfo.endCursor ?? mirror.cursor;
    mirror.pages++;
    await between(mirror.pages);
    if (!page.pageInfo.hasNextPage) return;
  }
}

const expected = (tasks: Task[]) => new Map(tasks.map((t) => [t.id, t.title]));

describe('ticketChanges as a sync', () => {
  it('ends with exactly the tickets Wrike has, with creates, edits, moves and deletes between pages, and again when resumed', async () => {
    const since = '2000-01-01T00:00:00Z';
    // Pages of 10, so that the changes land between pages of the walk (the small seed has a few hundred tickets).
    const mirror: Mirror = { tickets: new Map(), cursor: null, pages: 0, tombstones: [], first: 10 };
    expect(live().length).toBeGreaterThan(60);
    const folders = leafFolders();
    const created: string[] = [];
    const deleted: string[] = [];
    await sync(mirror, since, {}, async (page) => {
      if (page > 3) return;
      const seen = [...mirror.tickets.keys()];
      const unseen = live().filter((t) => !mirror.tickets.has(t.id));
      // A ticket created, one already read edited, one not yet read edited, one read moved, one read and one unread deleted.
      created.push((await h.wrike('POST', `/folders/${folders[page]!.id}/tasks`, { title: `Created between pages ${page}` }))[0].id);
      await h.wrike('PUT', `/tasks/${seen[page * 3]}`, { title: `Edited after it was read ${page}` });
      await h.wrike('PUT', `/tasks/${unseen[page * 5]!.id}`, { title: `Edited before it was read ${page}` });
      const moving = store().tasks.get(seen[page * 3 + 1]!)!;
      if (moving.parentIds.length > 0) {
        const to = folders.find((f) => !moving.parentIds.includes(f.id))!;
        await h.wrike('PUT', `/tasks/${moving.id}`, { addParents: [to.id], removeParents: moving.parentIds });
      }
      // Tickets with no sub-tasks (deleting a parent takes its sub-tasks along: a tie group of deletions).
      const leaf = (id: string) => store().tasks.get(id)!.subTaskIds.length === 0 && id !== seen[page * 3] && id !== moving.id;
      const readLeaf = seen.filter(leaf)[page]!;
      const unreadLeaf = unseen.map((t) => t.id).filter((id) => leaf(id) && id !== unseen[page * 5]!.id)[page]!;
      for (const id of [readLeaf, unreadLeaf]) {
        await h.wrike('DELETE', `/tasks/${id}`);
        deleted.push(id);
      }
    });
    expect(mirror.pages).toBeGreaterThan(3);
    await settle();
    await sync(mirror, since);
    expect(mirror.tickets).toEqual(expected(live()));
    for (const id of created) expect(mirror.tickets.has(id)).toBe(true);
    for (const id of deleted) expect(mirror.tombstones).toContainEqual({ id, reason: 'DELETED' });

    // Later changes, read by resuming from the kept cursor: an edit, a delete, a restore, a create.
    // (A ticket with no sub-tasks: deleting a parent takes its sub-tasks along, more than one page of 10.)
    const [edit] = live();
    const gone = live().find((t) => t.id !== edit!.id && t.subTaskIds.length === 0);
    await h.wrike('PUT', `/tasks/${edit!.id}`, { title: 'Edited after the sync' });
    await h.wrike('DELETE', `/tasks/${gone!.id}`);
    await h.wrike('PUT', `/tasks/${deleted[0]}`, { restore: true });
    await h.wrike('POST', `/folders/${folders[0]!.id}/tasks`, { title: 'Created after the sync' });
    await settle();
    await h.resetCalls();
    await sync(mirror, since);
    expect(mirror.tickets).toEqual(expected(live()));
    expect(mirror.tickets.get(edit!.id)).toBe('Edited after the sync');
    expect(mirror.tickets.has(gone!.id)).toBe(false);
    expect(mirror.tickets.has(deleted[0]!)).toBe(true);
    // One page: a query of the live tickets and one of the Recycle Bin (the folder tree read once).
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks': 1, 'GET /folders/:folderId/tasks': 1, 'GET /folders': 1 });
  }, 60_000);

  it('leaves out the changes of the last seconds until they settle', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const task = live()[3]!;
    await h.wrike('PUT', `/tasks/${task.id}`, { title: 'Just now' });
    const now = await h.query(FEED, { s: since });
    expect(now.body.data.ticketChanges.nodes.map((n: { id: string }) => n.id)).not.toContain(task.id);
    await settle();
    const later = await h.query(FEED, { s: since });
    expect(later.body.data.ticketChanges.nodes).toContainEqual({ id: task.id, title: 'Just now' });
  });
});

describe('ticketChanges and commentChanges when Wrike fails', () => {
  it('fail visibly, never as an empty or partial page', async () => {
    try {
      // The Recycle Bin's query fails: no page without the deletions.
      await h.control('/faults', { method: 'PUT', body: { failRoutes: ['GET /folders/:folderId/tasks'], errorStatus: 500 } });
      const tickets = await h.query(FEED, { s: '2000-01-01T00:00:00Z' });
      expect(tickets.body.data.ticketChanges).toBeNull();
      expect(tickets.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      await h.control('/faults', { method: 'PUT', body: { failRoutes: ['GET /comments'], errorStatus: 503 } });
      const comments = await h.query('query($s: DateTime!) { commentChanges(since: $s) { nodes { id } } }', { s: new Date(Date.now() - 3_600_000).toISOString() });
      expect(comments.body.data.commentChanges).toBeNull();
      expect(comments.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await h.control('/faults', { method: 'DELETE' });
    }
  });
});

describe('ticketChanges totalCount', () => {
  it('counts tickets and tombstones since `since`: free on a first page, two one-task calls on a later one', async () => {
    await settle();
    const since = '2000-01-01T00:00:00Z';
    const every = [...store().tasks.values()].filter((t) => t.scope === 'RbTask' || t.parentIds.length > 0 || t.superTaskIds.length > 0);
    const COUNT = 'query($s: DateTime!, $after: String) { ticketChanges(since: $s, first: 5, after: $after) { totalCount pageInfo { endCursor } } }';
    await h.resetCalls();
    const first = await h.query(COUNT, { s: since });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.ticketChanges.totalCount).toBe(every.length);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks': 1, 'GET /folders/:folderId/tasks': 1, 'GET /folders': 1 });
    await h.resetCalls();
    const second = await h.query(COUNT, { s: since, after: first.body.data.ticketChanges.pageInfo.endCursor });
    expect(second.body.data.ticketChanges.totalCount).toBe(every.length);
    expect((await h.calls()).byRoute).toEqual({ 'GET /tasks': 2, 'GET /folders/:folderId/tasks': 2, 'GET /folders': 1 });
  });
});

describe('ticketChanges on a connection limited to one space', () => {
  it('shows a ticket moved out of the space as a tombstone, and nothing of it but its id and time', async () => {
    const spaceOf = (task: Task) => new Set([...task.parentIds, ...task.superParentIds].flatMap((id) => [id, ...store().folderAncestors(id)]).filter((id) => store().folders.get(id)?.space));
    const spaces = [...store().folders.values()].filter((f) => f.space && live().filter((t) => spaceOf(t).has(f.id)).length > 10);
    const [inside, outside] = spaces.map((s) => s.id) as [string, string];
    const { connectionId } = await linkThroughConsentPage(h, { workspaceIds: [inside] });
    const headers = { 'X-Connection-Id': connectionId! };
    const since = new Date(Date.now() - 1000).toISOString();
    const mover = live().find((t) => t.parentIds.length > 0 && spaceOf(t).size === 1 && spaceOf(t).has(inside))!;
    const stays = live().find((t) => t.id !== mover.id && t.parentIds.length > 0 && spaceOf(t).size === 1 && spaceOf(t).has(inside))!;
    const target = store().folderDescendants(outside).find((id) => store().folders.get(id)!.scope === 'WsFolder')!;
    const elsewhere = live().find((t) => spaceOf(t).size === 1 && spaceOf(t).has(outside) && t.id !== mover.id)!;
    await h.wrike('PUT', `/tasks/${stays.id}`, { title: 'Still inside' });
    // A ticket that was never inside, changed: a tombstone too (the feed cannot tell it from one moved out).
    await h.wrike('PUT', `/tasks/${elsewhere.id}`, { title: 'Changed outside, secret' });
    await h.wrike('PUT', `/tasks/${mover.id}`, { addParents: [target], removeParents: mover.parentIds });
    await settle();
    const mirror: Mirror = { tickets: new Map([[mover.id, mover.title]]), cursor: null, pages: 0, tombstones: [] };
    await sync(mirror, since, headers);
    expect(mirror.tickets.get(stays.id)).toBe('Still inside');
    expect(mirror.tickets.has(mover.id)).toBe(false);
    expect(mirror.tombstones).toContainEqual({ id: mover.id, reason: 'OUT_OF_SCOPE' });
    expect(mirror.tombstones).toContainEqual({ id: elsewhere.id, reason: 'OUT_OF_SCOPE' });
    expect(mirror.tickets.has(elsewhere.id)).toBe(false);
    const res = await h.query(FEED, { s: since }, headers);
    expect(JSON.stringify(res.body.data)).not.toContain(mover.title);
    expect(JSON.stringify(res.body.data)).not.toContain('secret');
  }, 30_000);
});
