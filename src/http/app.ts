import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import { buildContext, pickConnection, type GraphQLContext, type SharedServices } from '../graphql/context';
import type { ConnectionRegistry } from '../connections/registry';
import { attachmentRoutes } from './attachments';
import { graphiqlRoutes } from './graphiql';
import { operationsRoutes, requestLogging } from './operations';
import type { Logger } from '../logger';

export interface AppDeps {
  apollo: ApolloServer<GraphQLContext>;
  connections: ConnectionRegistry;
  services: SharedServices;
  logger: Logger;
  /** The default Wrike base URL, probed by /readyz. */
  wrikeBaseUrl: string;
}

/** Routes only: /graphql, /graphiql, attachment streaming, /healthz, /readyz, /metrics. No business logic here. */
export function createApp({ apollo, connections, services, logger, wrikeBaseUrl }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  app.use(operationsRoutes({ metrics: services.metrics, connections, wrikeBaseUrl }));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => buildContext(pickConnection(connections, req.header('x-connection-id')), services),
    }),
  );
  app.use(attachmentRoutes({ connections, services, logger }));
  app.use(graphiqlRoutes());
  return app;
}
