import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';

let h: SubgraphHarness;
beforeAll(async () => {
  h = await startSubgraph();
});
afterAll(() => h.close());

const store = () => h.server.sandbox!.store;
const numberOf = (permalink: string) => /id=(\d+)/.exec(permalink)![1]!;

describe('ids users already have', () => {
  it('finds a ticket from its Wrike link, from an EU-host link and from the bare number', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const n = numberOf(task.permalink);
    for (const url of [task.permalink, `https://app-eu.wrike.com/open.htm?id=${n}`, ` ${n} `]) {
      const res = await h.query('query($u: String!) { ticketByPermalink(url: $u) { id title } }', { u: url });
      expect(res.body.data.ticketByPermalink).toEqual({ id: task.id, title: task.title });
    }
    const unknown = await h.query('{ ticketByPermalink(url: "https://www.wrike.com/open.htm?id=1") { id } }');
    expect(unknown.body).toMatchObject({ data: { ticketByPermalink: null } });
    expect(unknown.body.errors).toBeUndefined();
  });

  it('refuses what is not a Wrike link, before any call', async () => {
    await h.resetCalls();
    for (const url of ['https://evil.example.com/open.htm?id=800000028', 'http://www.wrike.com/open.htm?id=8', 'https://www.wrike.com/open.htm?id=../x', 'IEAGAABKKQAAAAB6']) {
      const res = await h.query('query($u: String!) { ticketByPermalink(url: $u) { id } }', { u: url });
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect((await h.calls()).total).toBe(0);
  });

  it('translates API v2 ids of tasks and folders, leaving out unknown ones', async () => {
    const task = [...store().tasks.values()].find((t) => t.scope === 'WsTask')!;
    const folder = [...store().folders.values()].find((f) => f.scope === 'WsFolder' && !f.space)!;
    const res = await h.query('query($t: [String!]!, $f: [String!]!) { tasks: idsFromLegacy(type: TASK, legacyIds: $t) { legacyId id } folders: idsFromLegacy(type: FOLDER, legacyIds: $f) { legacyId id } }', {
      t: [numberOf(task.permalink), '1'], f: [numberOf(folder.permalink)],
    });
    expect(res.body.data).toEqual({ tasks: [{ legacyId: numberOf(task.permalink), id: task.id }], folders: [{ legacyId: numberOf(folder.permalink), id: folder.id }] });
    const tooMany = await h.query('query($t: [String!]!) { idsFromLegacy(type: TASK, legacyIds: $t) { id } }', { t: Array.from({ length: 101 }, (_, i) => String(i + 1)) });
    expect(tooMany.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const notNumbers = await h.query('{ idsFromLegacy(type: TASK, legacyIds: ["abc"]) { id } }');
    expect(notNumbers.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
