import { CursorCodec } from '../../src/graphql/cursor';
import { connectionFromList } from '../../src/graphql/pagination';
import { keysetConnection, type KeysetSource } from '../../src/graphql/keyset';
import { estimate } from '../../src/graphql/complexity';
import { buildSchema } from '../../src/graphql/schema';
import { selectedNodeFields } from '../../src/graphql/selection';
import { parse, type OperationDefinitionNode, type FragmentDefinitionNode, type FieldNode } from 'graphql';

const codec = new CursorCodec('unit-test-secret-0123456789');
const base = { listKey: 'things', connectionId: 'c1', codec };

describe('connectionFromList', () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ id: `T${i}` }));
  it('pages with first/after and reports hasNextPage', () => {
    const one = connectionFromList(items, { ...base, first: 10 }, (x) => x.id);
    expect(one.nodes.map((n) => n.id)).toEqual(items.slice(0, 10).map((x) => x.id));
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const two = connectionFromList(items, { ...base, first: 20, after: one.pageInfo.endCursor }, (x) => x.id);
    expect(two.nodes.map((n) => n.id)).toEqual(items.slice(10, 25).map((x) => x.id));
    expect(two.pageInfo.hasNextPage).toBe(false);
    expect(two.totalCount).toBe(25);
  });
  it('resumes after its node when the list has moved', () => {
    const one = connectionFromList(items, { ...base, first: 5 }, (x) => x.id);
    const moved = [{ id: 'NEW' }, ...items];
    const two = connectionFromList(moved, { ...base, first: 2, after: one.pageInfo.endCursor }, (x) => x.id);
    expect(two.nodes.map((n) => n.id)).toEqual(['T5', 'T6']);
  });
  it('binds cursors to the list, its arguments and the connection', () => {
    const cursor = connectionFromList(items, { ...base, first: 1 }, (x) => x.id).pageInfo.endCursor!;
    expect(() => connectionFromList(items, { ...base, listKey: 'other', after: cursor }, (x) => x.id)).toThrow(/another list/);
    expect(() => connectionFromList(items, { ...base, args: { a: 1 }, after: cursor }, (x) => x.id)).toThrow(/another list/);
    expect(() => connectionFromList(items, { ...base, connectionId: 'c2', after: cursor }, (x) => x.id)).toThrow(/another list/);
    const forged = `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`;
    expect(() => connectionFromList(items, { ...base, after: forged }, (x) => x.id)).toThrow(/Invalid cursor/);
  });
});

/**
 * A fake ordered upstream (a Wrike task query sorted by key, ties in an order of its own): a page holds the items at
 * or after a key. Items can be added, removed and re-keyed between calls, as on a live Wrike.
 */
interface Item { id: string; key: string }

function upstream(initial: { id: string; key: string }[], tieOrder: (a: string, b: string) => number = (a, b) => (a < b ? 1 : -1)) {
  const items = new Map(initial.map((item) => [item.id, { ...item }]));
  let calls = 0;
  const source = (keep?: (item: Item) => boolean): KeysetSource<Item> => ({
    phases: 1,
    keyOf: (_phase: number, item: Item) => item.key,
    idOf: (item: Item) => item.id,
    keep,
    fetch: async (_phase: number, key: string | undefined, pageSize: number) => {
      calls++;
      const sorted = [...items.values()].filter((i) => key === undefined || i.key >= key)
        .sort((a, b) => (a.key === b.key ? tieOrder(a.id, b.id) : a.key < b.key ? -1 : 1));
      return { items: sorted.slice(0, pageSize).map((i) => ({ ...i })), more: sorted.length > pageSize, total: sorted.length };
    },
  });
  return { items, source, calls: () => calls };
}

const keyed = (n: number, keyOf: (i: number) => string = (i) => String(i).padStart(5, '0')) =>
  Array.from({ length: n }, (_, i) => ({ id: `T${String(i).padStart(5, '0')}`, key: keyOf(i) }));

async function walkAll(up: ReturnType<typeof upstream>, first: number, between?: (page: number) => void, keep?: (item: { id: string; key: string }) => boolean) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const result: Awaited<ReturnType<typeof keysetConnection<{ id: string; key: string }>>> =
      await keysetConnection({ ...base, first, after }, up.source(keep), { pageSize: first + 3, maxPages: 3 });
    seen.push(...result.nodes.map((n) => n.id));
    if (!result.pageInfo.hasNextPage) break;
    after = result.pageInfo.endCursor;
    between?.(page);
  }
  return seen;
}

describe('keysetConnection', () => {
  it('walks every item once, one upstream call per page', async () => {
    const up = upstream(keyed(250));
    const seen = await walkAll(up, 100);
    expect(seen).toEqual(keyed(250).map((i) => i.id));
    expect(up.calls()).toBe(3);
  });

  it('never skips or repeats across edits between pages: deletes before the cursor, inserts, moves', async () => {
    const up = upstream(keyed(60));
    const seen = await walkAll(up, 7, (page) => {
      const ids = [...up.items.keys()];
      up.items.delete(ids[page] as string); // an item already seen disappears
      up.items.set(`NEW${page}`, { id: `NEW${page}`, key: '99999' }); // new items land at the end
    });
    const survivors = keyed(60).map((i) => i.id);
    for (const id of survivors) expect(seen.filter((s) => s === id)).toHaveLength(1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('survives long tie groups whatever the upstream tie order, by remembering the ids passed at a key', async () => {
    // 40 items share each key; upstream orders ties by descending id, which the client cannot know.
    const up = upstream(keyed(200, (i) => String(Math.floor(i / 40))));
    const seen = await walkAll(up, 9);
    expect(new Set(seen).size).toBe(200);
    expect(seen).toHaveLength(200);
  });

  it('a resume is one call wherever the cursor is, and a first:5 page then first:100 costs 2 calls', async () => {
    const up = upstream(keyed(5000));
    const first = await keysetConnection({ ...base, first: 5 }, up.source(), { pageSize: 16, maxPages: 3 });
    const next = await keysetConnection({ ...base, first: 100, after: first.pageInfo.endCursor }, up.source(), { pageSize: 111, maxPages: 3 });
    expect(next.nodes[0]!.id).toBe('T00005');
    expect(next.nodes).toHaveLength(100);
    expect(up.calls()).toBe(2);
  });

  it('bounds a filtered scan: a short page whose endCursor continues the scan', async () => {
    const up = upstream(keyed(300));
    const keep = (item: { id: string }) => item.id === 'T00250' || item.id === 'T00010';
    const page = await keysetConnection({ ...base, first: 5 }, up.source(keep), { pageSize: 20, maxPages: 3 });
    expect(page.nodes.map((n) => n.id)).toEqual(['T00010']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(up.calls()).toBe(3);
    const seen = await walkAll(up, 5, undefined, keep);
    expect(seen).toEqual(['T00010', 'T00250']);
  });
});

describe('query cost in Wrike calls', () => {
  const schema = buildSchema();
  const op = (source: string, variables: Record<string, unknown> = {}) => {
    const doc = parse(source);
    const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
    return estimate(schema, doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!, fragments, variables);
  };
  it('prices batching: nested by-id levels cost a call per 100, per-ticket lists a call per ticket', () => {
    expect(op('{ me { id } }')).toEqual({ depth: 1, calls: 1, representations: 0 });
    // Three nested sub-task levels of 50, each assumed 10 wide: 1 + ceil(10/100) + ceil(100/100) + ceil(1000/100).
    const levels = '{ ticket(id: "IEAGAABKKQAAAAIH") { subtasks(first: 50) { nodes { subtasks(first: 50) { nodes { subtasks(first: 50) { nodes { id } } } } } } } }';
    expect(op(levels).calls).toBe(1 + 1 + 1 + 10);
    expect(op('{ tickets(first: 100) { nodes { comments(first: 1) { totalCount } attachments(first: 1) { totalCount } } } }').calls).toBe(201);
    expect(op('{ tickets(first: 100) { nodes { assignees { id } collections { id } status { id } } } }').calls).toBe(1 + 1 + 1 + 1);
  });
  it('reads variables and their defaults, and fragments', () => {
    expect(op('query($f: Int = 100) { tickets(first: $f) { nodes { ...F } } } fragment F on Ticket { comments { totalCount } }').calls).toBe(101);
    expect(op('query($f: Int = 100) { tickets(first: $f) { nodes { comments { totalCount } } } }', { f: 10 }).calls).toBe(11);
  });
  it('prices _entities by representation and counts two-priority scans and totals', () => {
    const reps = Array.from({ length: 250 }, (_, i) => ({ __typename: 'Ticket', id: `IEAGAABKKQ${String(i).padStart(6, 'A')}` }));
    expect(op('query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id comments { totalCount } } } }', { r: reps }).calls).toBe(3 + 250);
    expect(op('{ tickets(filter: { priorities: [HIGH, LOW] }) { totalCount } }').calls).toBe(5 + 2);
  });
});

describe('selectedNodeFields', () => {
  it('collects node fields through nodes, edges and fragments', () => {
    const doc = parse('{ tickets { nodes { id ...F } edges { node { ... on Ticket { assignees { id } } } } } } fragment F on Ticket { title customFields { rawValue } }');
    const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
    const field = (doc.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
    expect([...selectedNodeFields({ fieldNodes: [field], fragments })].sort()).toEqual(['assignees', 'customFields', 'id', 'title']);
  });
});
