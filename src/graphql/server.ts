import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSchema } from './schema';
import { formatError } from './errors';
import { complexityPlugin, type ComplexityLimits } from './complexity';
import type { GraphQLContext } from './context';
import type { Logger } from '../logger';

/** Apollo Server over the subgraph schema. The internet-bound landing page is off (GraphiQL is served locally). */
export function createApolloServer(logger: Logger, limits: ComplexityLimits): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    logger: logger.child({ component: 'apollo' }),
    schema: buildSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), complexityPlugin(limits)],
  });
}
