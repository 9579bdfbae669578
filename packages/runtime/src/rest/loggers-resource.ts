/**
 * `/admin/loggers` (Kafka's LoggingResource): list, get and set log levels. The level is checked
 * here against log4j's levels (case-insensitive; an unknown one is a 404, as in Kafka) before the
 * herder sees it; `scope=cluster` hands it to every worker through the config topic, any other
 * scope (or none) sets it on this worker only.
 */
import { Router } from 'express';
import { NotFoundException } from '@tsconnect/api';
import { BadRequestError } from '../herder/herder-errors.js';
import { completeRequest, type RestContext } from './herder-request.js';
import { asStringMap, consumesJson, jsonBody, nullBody } from './json-body.js';
import { sendJson } from './json-response.js';
import { pathParam, queryString } from './query-params.js';
import { methodNotAllowed } from './rest-errors.js';

const LOG4J_LEVELS = new Set(['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL']);

export function loggersResource(ctx: RestContext): Router {
  const router = Router({ caseSensitive: true });
  const { herder } = ctx;

  router
    .route('/')
    .get(async (_req, res) => {
      sendJson(res, 200, await completeRequest(ctx, () => herder.allLoggerLevels()));
    })
    .all(methodNotAllowed);

  router
    .route('/:logger')
    .get(async (req, res) => {
      const logger = pathParam(req, 'logger');
      const level = await completeRequest(ctx, () => herder.loggerLevel(logger));
      if (level === null) throw new NotFoundException(`Logger ${logger} not found.`);
      sendJson(res, 200, level);
    })
    .put(consumesJson, async (req, res) => {
      const logger = pathParam(req, 'logger');
      const scope = (queryString(req, 'scope') ?? 'worker').toLowerCase();
      const body = asStringMap(jsonBody(req));
      if (body === null) throw nullBody('levelMap');
      const level = body.level;
      if (level === undefined || level === null) {
        throw new BadRequestError("Desired 'level' parameter was not specified in request.");
      }
      if (!LOG4J_LEVELS.has(level.toUpperCase())) throw new NotFoundException(`invalid log level '${level}'.`);
      if (scope === 'cluster') {
        await completeRequest(ctx, () => herder.setClusterLoggerLevel(logger, level));
        res.status(204).end();
      } else {
        sendJson(res, 200, await completeRequest(ctx, () => herder.setWorkerLoggerLevel(logger, level)));
      }
    })
    .all(methodNotAllowed);

  return router;
}
