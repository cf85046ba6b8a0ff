import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import { buildContext, pickConnection, type GraphQLContext } from '../graphql/context';
import type { ConnectionRegistry } from '../connections/registry';
import type { CursorCodec } from '../graphql/cursor';

export interface AppDeps {
  apollo: ApolloServer<GraphQLContext>;
  connections: ConnectionRegistry;
  cursors: CursorCodec;
}

/** Routes only: /graphql and /healthz. No business logic here. */
export function createApp({ apollo, connections, cursors }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => buildContext(pickConnection(connections, req.header('x-connection-id')), cursors),
    }),
  );
  return app;
}
