import { parse } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { startSubgraph, type SubgraphHarness } from '../helpers/subgraph';
import { createSupportSubgraph, typeDefs as supportTypeDefs } from '../../examples/support-subgraph/subgraph';

// The gateway otherwise sends Apollo anonymous usage metrics, and stop() flushes them over a TLS connection to the
// internet that outlives the suite (and holds the Jest process open where there is no route out).
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

let wrike: SubgraphHarness;
let support: ApolloServer;
let supportUrl: string;
let gateway: ApolloServer;
let supergraphSdl: string;

beforeAll(async () => {
  wrike = await startSubgraph();
  const store = wrike.server.sandbox!.store;
  const tickets = [...store.tasks.values()].filter((t) => t.scope === 'WsTask' && t.parentIds.length > 0).slice(0, 3);
  const people = store.activePeople();
  support = createSupportSubgraph(tickets.map((t, i) => ({ id: `case-${i}`, subject: `Customer report ${i}`, reporterId: people[i]!.id, ticketId: t.id })));
  supportUrl = (await startStandaloneServer(support, { listen: { port: 0 } })).url;
  const wrikeSdl = (await wrike.query('{ _service { sdl } }')).body.data._service.sdl;
  const composed = composeServices([
    { name: 'wrike', typeDefs: parse(wrikeSdl), url: wrike.server.url },
    { name: 'support', typeDefs: supportTypeDefs, url: supportUrl },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  supergraphSdl = composed.supergraphSdl;
  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      // The router forwards the caller's choice of Wrike connection.
      buildService: ({ url }) => new RemoteGraphQLDataSource({ url, willSendRequest: ({ request }) => request.http?.headers.set('x-connection-id', 'default') }),
    }),
  });
  await gateway.start();
});

afterAll(async () => {
  await gateway.stop();
  await support.stop();
  await wrike.close();
});

describe('composition with a second subgraph', () => {
  it('keeps the subscription and the change feed in the supergraph', () => {
    expect(supergraphSdl).toMatch(/type Subscription\s*@join__type\(graph: WRIKE\)\s*\{[^}]*ticketEvents\(filter: TicketEventFilter\): TicketEvent!/);
    expect(supergraphSdl).toContain('ticketChanges(since: DateTime!, first: Int, after: String): TicketConnection');
  });

  it('composes and answers one operation with fields from both subgraphs', async () => {
    const store = wrike.server.sandbox!.store;
    const result = await gateway.executeOperation({
      query: `{
        supportCases {
          subject
          reporter { id name email role { name } }
          ticket { id title status { name } supportCases { id } }
        }
      }`,
    });
    expect(result.body.kind).toBe('single');
    const body = (result.body as { singleResult: { data?: any; errors?: unknown } }).singleResult;
    expect(body.errors).toBeUndefined();
    const cases = body.data.supportCases;
    expect(cases).toHaveLength(3);
    for (const c of cases) {
      const task = store.tasks.get(c.ticket.id)!;
      expect(c.ticket.title).toBe(task.title);
      expect(c.ticket.supportCases.length).toBeGreaterThan(0);
      const reporter = store.contacts.get(c.reporter.id)!;
      expect(c.reporter.name).toBe(`${reporter.firstName} ${reporter.lastName}`);
    }
  });

  it('extends Wrike tickets with the other subgraph\'s field', async () => {
    const result = await gateway.executeOperation({ query: '{ tickets(first: 50) { nodes { id title supportCases { subject reporter { name } } } } }' });
    const body = (result.body as { singleResult: { data?: any; errors?: unknown } }).singleResult;
    expect(body.errors).toBeUndefined();
    const withCases = body.data.tickets.nodes.filter((t: { supportCases: unknown[] }) => t.supportCases.length > 0);
    expect(withCases.length).toBeGreaterThan(0);
    expect(withCases[0].supportCases[0].reporter.name).toMatch(/\w+ \w+/);
  });
});
