import { parse, visit, Kind, type DirectiveNode } from 'graphql';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

/** Checks modelled on Apollo's subgraph compatibility suite (federation v2). */
let h: SubgraphHarness;
let sdl: string;
beforeAll(async () => {
  h = await startSubgraph();
  sdl = (await h.query('{ _service { sdl } }')).body.data._service.sdl;
});
afterAll(() => h.close());

const ENTITIES = ['Ticket', 'TicketStatus', 'Collection', 'Workspace', 'Comment', 'Attachment', 'Field', 'User', 'Group', 'Role', 'TimeLog'];

describe('federation compatibility', () => {
  it('links federation v2.9 exactly once, importing only known directives', () => {
    const links: DirectiveNode[] = [];
    visit(parse(sdl), { Directive: (node) => void (node.name.value === 'link' && links.push(node)) });
    const federation = links.filter((l) => l.arguments?.some((a) => a.name.value === 'url' && a.value.kind === Kind.STRING && a.value.value.startsWith('https://specs.apollo.dev/federation/')));
    expect(federation).toHaveLength(1);
    const url = federation[0]!.arguments!.find((a) => a.name.value === 'url')!.value;
    expect(url.kind === Kind.STRING && url.value).toBe('https://specs.apollo.dev/federation/v2.9');
    const imports = federation[0]!.arguments!.find((a) => a.name.value === 'import')!.value;
    const names = imports.kind === Kind.LIST ? imports.values.map((v) => (v.kind === Kind.STRING ? v.value : '')) : [];
    for (const name of names) expect(['@key', '@shareable', '@external', '@requires', '@provides', '@tag', '@inaccessible', '@override', '@composeDirective', '@interfaceObject', '@cost', '@listSize']).toContain(name);
  });

  it('puts @key(fields: "id") on every entity type', () => {
    const keyed = new Map<string, string[]>();
    visit(parse(sdl), {
      ObjectTypeDefinition: (node) => {
        const keys = (node.directives ?? []).filter((d) => d.name.value === 'key').map((d) => {
          const fields = d.arguments?.find((a) => a.name.value === 'fields')?.value;
          return fields?.kind === Kind.STRING ? fields.value : '';
        });
        if (keys.length) keyed.set(node.name.value, keys);
      },
    });
    expect([...keyed.keys()].sort()).toEqual([...ENTITIES].sort());
    for (const keys of keyed.values()) expect(keys).toEqual(['id']);
  });

  it('resolves _entities of every type in order, unknown ones as null', async () => {
    const store = h.server.sandbox!.store;
    const task = [...store.tasks.values()][0]!;
    const folder = [...store.folders.values()].find((f) => f.scope === 'WsFolder' && !f.space)!;
    const representations = [
      { __typename: 'Ticket', id: task.id },
      { __typename: 'User', id: 'KUAZZZZZ' },
      { __typename: 'Collection', id: folder.id },
      { __typename: 'Workspace', id: [...store.spaces.keys()][0] },
      { __typename: 'Comment', id: [...store.comments.keys()][0] },
      { __typename: 'Attachment', id: [...store.attachments.keys()][0] },
      { __typename: 'Field', id: [...store.customFields.keys()][0] },
      { __typename: 'User', id: store.ownerId },
      { __typename: 'Group', id: [...store.groups.keys()][0] },
      { __typename: 'Role', id: 'ACCOUNT_ADMIN' },
      { __typename: 'TicketStatus', id: task.customStatusId },
      { __typename: 'Ticket', id: 'IEAGAABKKQZZZZZZ' },
      { __typename: 'TimeLog', id: [...store.timelogs.keys()][0] },
      { __typename: 'TimeLog', id: 'IEAGAABKJQZZZZZZ' },
    ];
    const res = await h.query('query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Node_ { id } } }'.replace('... on Node_ { id }', ENTITIES.map((t) => `... on ${t} { id }`).join(' ')), { r: representations });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toEqual(representations.map((r, i) => (i === 1 || i === 11 || i === 13 ? null : r)));
  });

  it('returns inline ftv1 traces when the router asks for them', async () => {
    const res = await h.query('{ me { id } }', {}, { 'apollo-federation-include-trace': 'ftv1' });
    expect(typeof res.body.extensions?.ftv1).toBe('string');
    expect(Buffer.from(res.body.extensions.ftv1, 'base64').length).toBeGreaterThan(10);
    const plain = await h.query('{ me { id } }');
    expect(plain.body.extensions?.ftv1).toBeUndefined();
  });
});
