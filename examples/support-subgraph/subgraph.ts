/**
 * An example second subgraph: a support desk that links its cases to Wrike tickets and their reporters.
 *
 * It shows how to extend the wrike-subgraph graph from your own service:
 * - `Ticket @key(fields: "id")` with a new field (`supportCases`): the router asks this subgraph for it with the
 *   ticket's id, and everything else about the ticket from wrike-subgraph.
 * - `User @key(fields: "id", resolvable: false)`: this subgraph only stores user ids; the router fetches names,
 *   emails and roles from wrike-subgraph.
 */
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  "A customer's support case, escalated into Wrike as a ticket."
  type SupportCase @key(fields: "id") {
    id: ID!
    subject: String!
    "Who reported it (a Wrike user)."
    reporter: User!
    "The Wrike ticket the case was escalated to."
    ticket: Ticket
  }

  "Wrike tickets, extended with the support cases that point at them."
  type Ticket @key(fields: "id") {
    id: ID!
    supportCases: [SupportCase!]!
  }

  "Wrike users, referenced by id only."
  type User @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    supportCases: [SupportCase!]!
  }
`);

export interface SupportCase {
  id: string;
  subject: string;
  reporterId: string;
  ticketId: string;
}

export function createSupportSubgraph(cases: SupportCase[]): ApolloServer {
  const resolvers = {
    Query: { supportCases: () => cases },
    SupportCase: {
      __resolveReference: ({ id }: { id: string }) => cases.find((c) => c.id === id) ?? null,
      reporter: (c: SupportCase) => ({ __typename: 'User', id: c.reporterId }),
      ticket: (c: SupportCase) => ({ __typename: 'Ticket', id: c.ticketId }),
    },
    Ticket: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      supportCases: ({ id }: { id: string }) => cases.filter((c) => c.ticketId === id),
    },
  };
  return new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers }]) });
}
