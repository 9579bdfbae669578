/**
 * `GET /` (server info) and `GET /health` (KIP-1017): the health check waits for a no-op on the
 * herder's loop; if that takes longer than the health timeout, a worker still starting up is
 * 503 "starting", one past startup 500 "unhealthy".
 */
import { Router } from 'express';
import { ConnectException } from '@tsconnect/api';
import type { WorkerStatus } from '../model/entities.js';
import { isTimedOut, withTimeout } from '../util/with-timeout.js';
import { completeRequest, type RestContext, summarizeStage } from './herder-request.js';
import { sendJson } from './json-response.js';
import { methodNotAllowed } from './rest-errors.js';

export function rootResource(ctx: RestContext): Router {
  const router = Router({ caseSensitive: true });

  router
    .route('/')
    .get(async (_req, res) => {
      sendJson(res, 200, await completeRequest(ctx, () => ctx.herder.serverInfo()));
    })
    .all(methodNotAllowed);

  router
    .route('/health')
    .get(async (_req, res) => {
      let result: unknown;
      try {
        result = await withTimeout(() => ctx.herder.healthCheck(), ctx.healthCheckTimeoutMs);
      } catch (e) {
        throw new ConnectException('Unexpected error during health check', { cause: e });
      }
      if (!isTimedOut(result)) {
        sendJson(res, 200, workerStatus('healthy', 'Worker has completed startup and is ready to handle requests.'));
        return;
      }
      const stage = ctx.herder.currentStage();
      const details = stage === null ? '' : ` ${summarizeStage(stage)}`;
      if (!ctx.herder.isReady()) {
        sendJson(res, 503, workerStatus('starting', `Worker is still starting up.${details}`));
      } else {
        sendJson(
          res,
          500,
          workerStatus('unhealthy', `Worker was unable to handle this request and may be unable to handle other requests.${details}`),
        );
      }
    })
    .all(methodNotAllowed);

  return router;
}

function workerStatus(status: WorkerStatus['status'], message: string): WorkerStatus {
  return { status, message };
}
