import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLContext } from '../graphql/context';
import { WrikeClient } from '../wrike/client';
import { createLoaders } from '../wrike/loaders';

export interface AppDeps {
  apollo: ApolloServer<GraphQLContext>;
  /** The default connection's client (the walking skeleton has one connection). */
  wrike: WrikeClient;
}

/** Routes only: /graphql and /healthz. No business logic here. */
export function createApp({ apollo, wrike }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async () => ({ wrike, loaders: createLoaders(wrike) }),
    }),
  );
  return app;
}
