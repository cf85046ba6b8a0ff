import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { resolvers } from './resolvers';

/** schema/ at the project root, from src/graphql (ts) or dist/src/graphql (built). */
const SCHEMA_DIR = [path.resolve(__dirname, '../../schema'), path.resolve(__dirname, '../../../schema')].find((dir) =>
  existsSync(path.join(dir, 'schema.graphql')),
);

/** The SDL files in schema/, in name order: the contract. */
export function loadTypeDefs(dir = SCHEMA_DIR): string {
  if (!dir) throw new Error('schema/ not found next to the build');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'))
    .join('\n');
}

export function buildSchema() {
  return buildSubgraphSchema([{ typeDefs: parse(loadTypeDefs()), resolvers: resolvers as GraphQLResolverMap<unknown> }]);
}
