import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../metrics';
import type { Logger } from '../logger';
import { errorCodeOf } from './errors';

/**
 * Counts operations and their latency, and logs failed operations by code (never variables or tokens): only an
 * unexpected error is logged as one; a Wrike refusal, a rate limit or a client that left is a debug line.
 */
export function observabilityPlugin(metrics: Metrics, logger: Logger): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, errors, response }) {
          const type = operation?.operation ?? 'unknown';
          const failed = (errors?.length ?? 0) > 0 || (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          metrics.operations.inc({ type, outcome: failed ? 'error' : 'success' });
          metrics.operationSeconds.observe({ type }, Number(process.hrtime.bigint() - started) / 1e9);
        },
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = errorCodeOf(error);
            if (code === 'INTERNAL_SERVER_ERROR') logger.error({ operationName, code, err: { message: error.message, stack: error.originalError?.stack } }, 'GraphQL operation failed');
            else logger.debug({ operationName, code }, 'GraphQL error');
          }
        },
      };
    },
  };
}
