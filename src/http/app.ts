import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import { buildContext, pickConnection, type GraphQLContext, type SharedServices } from '../graphql/context';
import type { ConnectionRegistry } from '../connections/registry';
import { attachmentRoutes } from './attachments';
import { graphiqlRoutes } from './graphiql';
import type { Logger } from '../logger';

export interface AppDeps {
  apollo: ApolloServer<GraphQLContext>;
  connections: ConnectionRegistry;
  services: SharedServices;
  logger: Logger;
}

/** Routes only: /graphql, attachment streaming and /healthz. No business logic here. */
export function createApp({ apollo, connections, services, logger }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
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
