import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { composeServices } from '@apollo/composition';
import { buildSchema, loadTypeDefs } from '../../src/graphql/schema';
import { estimate } from '../../src/graphql/complexity';
import { CALL_WEIGHT, declaredDirectives, expectedSchemaDirectives } from '../../src/graphql/demand-control';
import { typeDefs as supportTypeDefs } from '../../examples/support-subgraph/subgraph';
import { routerCost, supergraphSchema } from './router-cost';

/**
 * Demand control: schema/'s `@cost` and `@listSize` are what src/graphql/cost-rules.ts says (no drift), and a
 * router pricing the composed supergraph with them ranks the README's queries the way our own estimate does and
 * refuses, within the budget the README recommends (MAX_QUERY_CALLS × CALL_WEIGHT), what we refuse.
 */
const MAX_QUERY_CALLS = 120;
const ROUTER_BUDGET = MAX_QUERY_CALLS * CALL_WEIGHT;
const schema = buildSchema();

function ours(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return estimate(schema, operation, fragments, variables).calls;
}

/** The README's tour queries, as the README shows them. */
function readmeQueries(): string[] {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const tour = readme.slice(readme.indexOf('## A tour'), readme.indexOf('### Writes'));
  return [...tour.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('demand-control directives', () => {
  it('schema/ carries exactly the @cost and @listSize the cost rules give (npm run cost-directives writes them)', () => {
    const declared = Object.fromEntries([...declaredDirectives(loadTypeDefs())].sort(([a], [b]) => a.localeCompare(b)));
    const expected = Object.fromEntries([...expectedSchemaDirectives(schema)].sort(([a], [b]) => a.localeCompare(b)));
    expect(Object.keys(expected).length).toBeGreaterThan(20);
    expect(declared).toEqual(expected);
    // The shapes the issue asks for.
    expect(expected['Query.tickets']).toEqual({ cost: CALL_WEIGHT, listSize: { assumedSize: 20, slicingArguments: ['first'], sizedFields: ['nodes', 'edges'], requireOneSlicingArgument: false } });
    expect(expected['Ticket.comments']?.cost).toBe(CALL_WEIGHT);
    expect(expected['Ticket.assignees']).toEqual({ listSize: { assumedSize: 1 } });
    expect(expected['Ticket.descendants']?.cost).toBe(9 * CALL_WEIGHT);
  });

  it('composes into a supergraph that keeps them', () => {
    const composed = composeServices([
      { name: 'wrike', typeDefs: parse(loadTypeDefs()), url: 'http://wrike.invalid/graphql' },
      { name: 'support', typeDefs: supportTypeDefs, url: 'http://support.invalid/graphql' },
    ]);
    expect(composed.errors).toBeUndefined();
    expect(composed.supergraphSdl).toContain('https://specs.apollo.dev/cost/v0.1');
    expect(composed.supergraphSdl).toMatch(/comments\(first: Int, after: String\): CommentConnection[^\n]*@listSize\([^\n]*@cost\(weight: 100\)/);
  });
});

describe('a router\'s estimate against ours', () => {
  const composed = composeServices([
    { name: 'wrike', typeDefs: parse(loadTypeDefs()), url: 'http://wrike.invalid/graphql' },
    { name: 'support', typeDefs: supportTypeDefs, url: 'http://support.invalid/graphql' },
  ]);
  const supergraph = supergraphSchema(composed.supergraphSdl!);
  const variables = { id: 'IEAGAABKKQAAAAAB' };
  const queries = [
    ...readmeQueries(),
    '{ ticket(id: "IEAGAABKKQAAAAAB") { title } }',
    '{ tickets(first: 100) { nodes { title comments(first: 20) { nodes { text } } } } }',
    '{ tickets(first: 100) { nodes { title comments(first: 100) { nodes { text } } attachments(first: 100) { nodes { name } } } } }',
    '{ workspaces(first: 100) { nodes { tickets(first: 100) { nodes { title comments { nodes { text } } } } } } }',
  ];
  const priced = queries.map((query) => ({ query, ours: ours(query, variables), router: routerCost(supergraph, query, variables) }));

  it('ranks the README\'s queries and the others the way we do', () => {
    expect(readmeQueries()).toHaveLength(3);
    const disagreements = priced.flatMap((a) => priced.filter((b) => a.ours < b.ours && !(a.router < b.router))
      .map((b) => ({ cheaper: a.query, dearer: b.query, ours: [a.ours, b.ours], router: [a.router, b.router] })));
    expect(disagreements).toEqual([]);
  });

  it('a query we refuse is over the recommended router budget; the README\'s are within it', () => {
    const refused = priced.filter((p) => p.ours > MAX_QUERY_CALLS);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.filter((p) => p.router <= ROUTER_BUDGET)).toEqual([]);
    expect(priced.slice(0, 3).filter((p) => p.ours <= MAX_QUERY_CALLS && p.router > ROUTER_BUDGET)).toEqual([]);
  });
});
