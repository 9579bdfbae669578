/**
 * GET /metrics: the worker's metrics in the Prometheus text format (docs/metrics.md). Not part of
 * Kafka's REST API, which leaves metrics to JMX; 404 when `metrics.enabled=false`.
 */
import { Router } from 'express';
import type { ConnectMetrics } from '../metrics/connect-metrics.js';
import { methodNotAllowed, sendError } from './rest-errors.js';

export function metricsResource(metrics: ConnectMetrics): Router {
  const router = Router({ caseSensitive: true });
  router
    .route('/')
    .get(async (_req, res) => {
      if (!metrics.enabled) {
        sendError(res, 404, 'Metrics are disabled on this worker (metrics.enabled=false)');
        return;
      }
      const text = await metrics.text();
      res.status(200).type(metrics.contentType()).send(text);
    })
    .all(methodNotAllowed);
  return router;
}
