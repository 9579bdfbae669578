/**
 * `/connectors` (Kafka's ConnectorsResource), plus the internal `POST /connectors/{c}/tasks` and
 * `PUT /connectors/{c}/fence` that share its paths. Writes that must run on the leader (create,
 * PUT/PATCH config, delete, restarts, stop, offset alter/reset) go through
 * completeOrForwardRequest; pause and resume write from any worker; the GETs answer locally.
 * The route table comes first; each route, or each group of routes alike, has its handler below.
 */
import { type Request, type Response, Router } from 'express';
import { NotFoundException } from '@tsconnect/api';
import { BadRequestError, ConnectRestError } from '../herder/herder-errors.js';
import type { Herder, PutConnectorConfigResult } from '../herder/herder.js';
import type { ConnectorInfo, ConnectorOffsets, ConnectorStateInfo, Message, RequestConfig } from '../model/entities.js';
import { completeOrForwardRequest, completeRequest, type RestContext } from './herder-request.js';
import { fenceZombies, putTaskConfigs } from './internal-resource.js';
import { asConnectorOffsets, asCreateRequest, asStringMap, connectorOffsetsBody, consumesJson, jsonBody, nullBody } from './json-body.js';
import { sendJson } from './json-response.js';
import { encodePathSegment, hasQueryParam, intPathParam, pathParam, queryBoolean, queryValues } from './query-params.js';
import type { RemoteResponse } from './rest-client.js';
import { methodNotAllowed } from './rest-errors.js';

type Handler = (req: Request, res: Response) => Promise<void>;

export function connectorsResource(ctx: RestContext): Router {
  const router = Router({ caseSensitive: true });
  router.route('/').get(listConnectors(ctx)).post(consumesJson, createConnector(ctx)).all(methodNotAllowed);
  router
    .route('/:connector')
    .get(readConnector(ctx, (herder, connector) => herder.connectorInfo(connector)))
    .delete(leaderCommand(ctx, '', (herder, connector) => herder.deleteConnector(connector)))
    .all(methodNotAllowed);
  router
    .route('/:connector/config')
    .get(readConnector(ctx, (herder, connector) => herder.connectorConfig(connector)))
    .put(consumesJson, putConnectorConfig(ctx))
    .patch(consumesJson, patchConnectorConfig(ctx))
    .all(methodNotAllowed);
  router.route('/:connector/status').get(readConnector(ctx, (herder, connector) => herder.connectorStatus(connector))).all(methodNotAllowed);
  router.route('/:connector/topics').get(connectorActiveTopics(ctx)).all(methodNotAllowed);
  router.route('/:connector/topics/reset').put(resetConnectorActiveTopics(ctx)).all(methodNotAllowed);
  router.route('/:connector/restart').post(restartConnector(ctx)).all(methodNotAllowed);
  router.route('/:connector/stop').put(leaderCommand(ctx, '/stop', (herder, connector) => herder.stopConnector(connector))).all(methodNotAllowed);
  router.route('/:connector/pause').put(targetStateChange(ctx, (herder, connector) => herder.pauseConnector(connector))).all(methodNotAllowed);
  router.route('/:connector/resume').put(targetStateChange(ctx, (herder, connector) => herder.resumeConnector(connector))).all(methodNotAllowed);
  router
    .route('/:connector/tasks')
    .get(readConnector(ctx, (herder, connector) => herder.taskConfigs(connector)))
    .post(putTaskConfigs(ctx))
    .all(methodNotAllowed);
  router.route('/:connector/fence').put(fenceZombies(ctx)).all(methodNotAllowed);
  router.route('/:connector/tasks/:task/status').get(taskStatus(ctx)).all(methodNotAllowed);
  router.route('/:connector/tasks/:task/restart').post(restartTask(ctx)).all(methodNotAllowed);
  router
    .route('/:connector/offsets')
    .get(readConnector(ctx, (herder, connector) => herder.connectorOffsets(connector)))
    .patch(consumesJson, alterConnectorOffsets(ctx))
    .delete(resetConnectorOffsets(ctx))
    .all(methodNotAllowed);
  return router;
}

// --- handlers shared by several routes ------------------------------------------------------------

/** A GET about one connector, answered by this worker. */
function readConnector<T>(ctx: RestContext, read: (herder: Herder, connector: string) => Promise<T>): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    sendJson(res, 200, await completeRequest(ctx, () => read(ctx.herder, connector)));
  };
}

/** A write on the leader (forwarded there) answered 204 without a body: delete, stop. */
function leaderCommand(ctx: RestContext, pathSuffix: string, write: (herder: Herder, connector: string) => Promise<void>): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    await completeOrForwardRequest(ctx, req, () => write(ctx.herder, connector), {
      path: `${connectorPath(connector)}${pathSuffix}`,
      fromRemote: () => undefined,
    });
    res.status(204).end();
  };
}

/** Pause and resume: any worker writes the target state, answered 202. */
function targetStateChange(ctx: RestContext, write: (herder: Herder, connector: string) => Promise<void>): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    await completeRequest(ctx, () => write(ctx.herder, connector));
    res.status(202).end();
  };
}

// --- the connector collection ---------------------------------------------------------------------

/** `GET /connectors`, with `?expand=status` / `?expand=info` the map of each connector's. */
function listConnectors(ctx: RestContext): Handler {
  const { herder } = ctx;
  return async (req, res) => {
    const names = await completeRequest(ctx, () => herder.connectors());
    if (!hasQueryParam(req, 'expand')) {
      sendJson(res, 200, names);
      return;
    }
    const expansions = queryValues(req, 'expand');
    const out = new Map<string, Map<string, unknown>>();
    for (const name of names) {
      try {
        const expanded = new Map<string, unknown>();
        for (const expansion of expansions) {
          if (expansion === 'status') expanded.set('status', await herder.connectorStatus(name));
          else if (expansion === 'info') expanded.set('info', await herder.connectorInfo(name, { duringRebalance: true }));
        }
        out.set(name, expanded);
      } catch (e) {
        // Deleted while we listed: leave it out, as Kafka does.
        if (!(e instanceof NotFoundException)) throw e;
      }
    }
    sendJson(res, 200, out);
  };
}

function createConnector(ctx: RestContext): Handler {
  return async (req, res) => {
    const { request, initialState } = asCreateRequest(jsonBody(req));
    const name = (request.name ?? '').trim();
    const config = request.config;
    if (config === null || config === undefined) throw nullBody('connectorConfig');
    checkAndPutConnectorConfigName(name, config);
    const result = await completeOrForwardRequest(
      ctx,
      req,
      () => ctx.herder.putConnectorConfig(name, config, { allowReplace: false, initialState }),
      { path: '/connectors', body: { name: request.name, config, initial_state: initialState }, fromRemote: createdInfo },
    );
    res.location(connectorLocation(req, name));
    sendJson(res, 201, result.info);
  };
}

// --- one connector's config -----------------------------------------------------------------------

function putConnectorConfig(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const config = asStringMap(jsonBody(req));
    if (config === null) throw nullBody('connectorConfig');
    checkAndPutConnectorConfigName(connector, config);
    const result = await completeOrForwardRequest(
      ctx,
      req,
      () => ctx.herder.putConnectorConfig(connector, config, { allowReplace: true }),
      { path: `${connectorPath(connector)}/config`, body: config, fromRemote: createdInfo },
    );
    if (result.created) res.location(connectorLocation(req, connector));
    sendJson(res, result.created ? 201 : 200, result.info);
  };
}

function patchConnectorConfig(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const patch = asStringMap(jsonBody(req));
    if (patch === null) throw nullBody('connectorConfigPatch');
    const info = await completeOrForwardRequest(ctx, req, () => ctx.herder.patchConnectorConfig(connector, patch), {
      path: `${connectorPath(connector)}/config`,
      body: patch,
      fromRemote: (r) => r.body as ConnectorInfo,
    });
    sendJson(res, 200, info);
  };
}

// --- topic tracking -------------------------------------------------------------------------------

function connectorActiveTopics(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    if (!ctx.topicTrackingEnabled) throw new ConnectRestError(403, 'Topic tracking is disabled.');
    const info = await completeRequest(ctx, () => ctx.herder.connectorActiveTopics(connector));
    sendJson(res, 200, new Map([[info.connector, { topics: info.topics }]]));
  };
}

function resetConnectorActiveTopics(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    if (!ctx.topicTrackingEnabled) throw new ConnectRestError(403, 'Topic tracking is disabled.');
    if (!ctx.topicTrackingResetAllowed) throw new ConnectRestError(403, 'Topic tracking reset is disabled.');
    await completeRequest(ctx, () => ctx.herder.resetConnectorActiveTopics(connector));
    res.status(202).end();
  };
}

// --- restarts and tasks ---------------------------------------------------------------------------

function restartConnector(ctx: RestContext): Handler {
  const { herder } = ctx;
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const includeTasks = queryBoolean(req, 'includeTasks', false);
    const onlyFailed = queryBoolean(req, 'onlyFailed', false);
    const path = `${connectorPath(connector)}/restart`;
    if (!includeTasks && !onlyFailed) {
      // The pre-KIP-745 form: restart the connector instance only, 204 without a body.
      await completeOrForwardRequest(ctx, req, () => herder.restartConnector(connector), {
        path,
        fromRemote: () => undefined,
      });
      res.status(204).end();
      return;
    }
    const planned = await completeOrForwardRequest(
      ctx,
      req,
      () => herder.restartConnectorAndTasks({ connector, includeTasks, onlyFailed }),
      {
        path,
        query: [
          ['includeTasks', String(includeTasks)],
          ['onlyFailed', String(onlyFailed)],
        ],
        fromRemote: (r) => r.body as ConnectorStateInfo,
      },
    );
    sendJson(res, 202, planned);
  };
}

function taskStatus(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const task = intPathParam(pathParam(req, 'task'));
    sendJson(res, 200, await completeRequest(ctx, () => ctx.herder.taskStatus({ connector, task })));
  };
}

function restartTask(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const task = intPathParam(pathParam(req, 'task'));
    await completeOrForwardRequest(ctx, req, () => ctx.herder.restartTask({ connector, task }), {
      path: `${connectorPath(connector)}/tasks/${task}/restart`,
      fromRemote: () => undefined,
    });
    res.status(204).end();
  };
}

// --- offsets --------------------------------------------------------------------------------------

function alterConnectorOffsets(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const { offsets: list } = asConnectorOffsets(jsonBody(req));
    if (list === null || list.length === 0) {
      throw new BadRequestError('Partitions / offsets need to be provided for an alter offsets request');
    }
    const offsets: ConnectorOffsets = { offsets: list };
    const message = await completeOrForwardRequest(ctx, req, () => ctx.herder.alterConnectorOffsets(connector, offsets), {
      path: `${connectorPath(connector)}/offsets`,
      body: connectorOffsetsBody(offsets),
      fromRemote: (r) => r.body as Message,
    });
    sendJson(res, 200, message);
  };
}

function resetConnectorOffsets(ctx: RestContext): Handler {
  return async (req, res) => {
    const connector = pathParam(req, 'connector');
    const message = await completeOrForwardRequest(ctx, req, () => ctx.herder.resetConnectorOffsets(connector), {
      path: `${connectorPath(connector)}/offsets`,
      fromRemote: (r) => r.body as Message,
    });
    sendJson(res, 200, message);
  };
}

/** A body `name` must equal the connector's name; a missing one is filled in. */
function checkAndPutConnectorConfigName(name: string, config: RequestConfig): void {
  const included = config.name;
  if (included === undefined || included === null) {
    config.name = name;
  } else if (included !== name) {
    throw new BadRequestError(`Connector name configuration (${included}) doesn't match connector name in the URL (${name})`);
  }
}

function createdInfo(response: RemoteResponse): PutConnectorConfigResult {
  return { created: response.status === 201, info: response.body as ConnectorInfo };
}

function connectorPath(connector: string): string {
  return `/connectors/${encodePathSegment(connector)}`;
}

/**
 * Jersey resolves the relative Location against the request's base URI, and builds it with
 * UriBuilder.path(name): characters a path may hold stay as they are (`+`, `=`, `/`, and `%`
 * starting an escape), the rest are percent-encoded.
 */
function connectorLocation(req: Request, connector: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/connectors/${encodeUriPath(connector)}`;
}

const PATH_CHARACTER = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;

function encodeUriPath(text: string): string {
  let out = '';
  let at = 0;
  for (const c of text) {
    const escapeStart = c === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(at + 1, at + 3));
    out += PATH_CHARACTER.test(c) || escapeStart ? c : encodeURIComponent(c);
    at += c.length;
  }
  return out;
}
