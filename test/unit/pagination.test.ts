import { CursorCodec } from '../../src/graphql/cursor';
import { connectionFromList, connectionFromUpstream, type UpstreamPage } from '../../src/graphql/pagination';
import { WrikeError } from '../../src/wrike/errors';
import { measure } from '../../src/graphql/complexity';
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

/** A fake Wrike task query: pages carry tokens; tokens can be expired. */
function upstream(total: number) {
  const ids = Array.from({ length: total }, (_, i) => ({ id: `T${i}` }));
  const tokens = new Map<string, { offset: number; size: number }>();
  let calls = 0;
  const fetchPage = async (token: string | null, size: number): Promise<UpstreamPage<{ id: string }>> => {
    calls++;
    let offset = 0;
    if (token) {
      const state = tokens.get(token);
      if (!state) throw new WrikeError('bad_request', "Parameter 'nextPageToken' is invalid");
      offset = state.offset;
      size = state.size;
    }
    const next = offset + size < total ? `tok${offset + size}` : undefined;
    if (next) tokens.set(next, { offset: offset + size, size });
    return { items: ids.slice(offset, offset + size), nextPageToken: next, total };
  };
  // Expiry kills the tokens issued so far; new ones work.
  return { fetchPage, expire: () => tokens.clear(), calls: () => calls };
}

describe('connectionFromUpstream', () => {
  it('costs one upstream call per page when paging with the same first', async () => {
    const up = upstream(250);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof connectionFromUpstream<{ id: string }>>> = await connectionFromUpstream({ ...base, first: 100, after }, up.fetchPage, (x) => x.id);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(up.calls()).toBe(3);
  });

  it('resumes from the middle of a page, and across pages when first grows', async () => {
    const up = upstream(250);
    const first = await connectionFromUpstream({ ...base, first: 100 }, up.fetchPage, (x) => x.id);
    const middle = first.edges[39]!.cursor;
    const next = await connectionFromUpstream({ ...base, first: 100, after: middle }, up.fetchPage, (x) => x.id);
    expect(next.nodes.map((n) => n.id)).toEqual(Array.from({ length: 100 }, (_, i) => `T${40 + i}`));
  });

  it('resumes after an expired page token by finding its place again, else CURSOR_EXPIRED', async () => {
    const up = upstream(250);
    const first = await connectionFromUpstream({ ...base, first: 100 }, up.fetchPage, (x) => x.id);
    up.expire();
    const next = await connectionFromUpstream({ ...base, first: 10, after: first.pageInfo.endCursor }, up.fetchPage, (x) => x.id);
    expect(next.nodes[0]!.id).toBe('T100');
    // The list shrank meanwhile: the cursor's node is gone.
    const shrunk = upstream(50);
    await expect(connectionFromUpstream({ ...base, first: 10, after: first.pageInfo.endCursor }, shrunk.fetchPage, (x) => x.id)).rejects.toMatchObject({
      extensions: { code: 'CURSOR_EXPIRED' },
    });
  });

  it('answers an empty page after the last edge without calling', async () => {
    const up = upstream(5);
    const page = await connectionFromUpstream({ ...base, first: 5 }, up.fetchPage, (x) => x.id);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const after = await connectionFromUpstream({ ...base, first: 5, after: page.pageInfo.endCursor }, up.fetchPage, (x) => x.id);
    expect(after.nodes).toEqual([]);
    expect(up.calls()).toBe(1);
  });
});

describe('query complexity', () => {
  const op = (source: string) => {
    const doc = parse(source);
    const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
    return measure(doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!, fragments, { n: 50 });
  };
  it('multiplies by page sizes, through fragments and variables', () => {
    expect(op('{ me { id } }')).toEqual({ depth: 1, cost: 2 });
    expect(op('query($n: Int) { tickets(first: $n) { nodes { ...F } } } fragment F on Ticket { id title }').cost).toBe(1 + 50 * (1 + 2));
    expect(op('{ tickets { nodes { id } } }').cost).toBe(1 + 20 * 2);
    expect(op('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }').cost).toBe(0);
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
