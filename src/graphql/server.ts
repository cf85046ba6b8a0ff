import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Metrics } from '../metrics';
import { observabilityPlugin } from './observability';
import { buildSchema } from './schema';
import { formatError } from './errors';
import { complexityPlugin, type ComplexityLimits } from './complexity';
import { cacheHintsPlugin } from './cache-hints';
import type { CacheAges } from '../unified/cache-tags';
import type { GraphQLContext } from './context';
import type { Logger } from '../logger';

/**
 * Apollo Server over the subgraph schema. The internet-bound landing page is off (GraphiQL is served locally);
 * stopping drains the HTTP server: in-flight requests finish, new ones are refused.
 */
export function createApolloServer(
  logger: Logger, limits: ComplexityLimits, metrics: Metrics, httpServer: http.Server, drainTimeoutMs: number, schema: GraphQLSchema = buildSchema(),
  introspection = true,
  cacheAges: CacheAges = { entitySeconds: 0, metadataSeconds: 0 },
): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    logger: logger.child({ component: 'apollo' }),
    schema,
    // Off, the schema does not show through its errors either ("Did you mean …?"); _service { sdl } stays for routers.
    introspection,
    hideSchemaDetailsFromClientErrors: !introspection,
    formatError,
    includeStacktraceInErrorResponses: false,
    // One shutdown path (main.ts): Apollo's own signal handlers would stop the server a second time and hang.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Cache hints are computed from the answer (cache-hints.ts); Apollo's plugin would wrap every resolver and say public.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: drainTimeoutMs }),
      complexityPlugin(limits),
      observabilityPlugin(metrics, logger),
      cacheHintsPlugin(cacheAges),
    ],
  });
}
