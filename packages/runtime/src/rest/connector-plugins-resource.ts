/**
 * `/connector-plugins` (Kafka's ConnectorPluginsResource): the plugin list, a plugin's config
 * definition, and config validation.
 *
 * Validation errors are a 200 with error_count > 0. A `connector.class` that does not name the
 * plugin in the path is a 400; any failure of the validation itself (e.g. a config without
 * connector.class) is a 500 whose message names the error class, because Kafka lets the
 * ExecutionException of its validation future reach the catch-all mapper.
 */
import { Router } from 'express';
import { ConnectError } from '@tsconnect/api';
import { BadRequestError, ConnectRestError } from '../herder/herder-errors.js';
import { completeRequest, type RestContext } from './herder-request.js';
import { asStringMap, consumesJson, jsonBody, nullBody } from './json-body.js';
import { sendJson } from './json-response.js';
import { pathParam, queryBoolean, queryString } from './query-params.js';
import { methodNotAllowed } from './rest-errors.js';

const ALIAS_SUFFIX = 'Connector';

export function connectorPluginsResource(ctx: RestContext): Router {
  const router = Router({ caseSensitive: true });
  const { herder } = ctx;

  router
    .route('/')
    .get(async (req, res) => {
      const connectorsOnly = queryBoolean(req, 'connectorsOnly', true);
      sendJson(res, 200, await completeRequest(ctx, () => herder.connectorPlugins(connectorsOnly)));
    })
    .all(methodNotAllowed);

  router
    .route('/:plugin/config')
    .get(async (req, res) => {
      const plugin = pathParam(req, 'plugin');
      const version = queryString(req, 'version');
      sendJson(res, 200, await completeRequest(ctx, () => herder.pluginConfig(plugin, version)));
    })
    .all(methodNotAllowed);

  router
    .route('/:plugin/config/validate')
    .put(consumesJson, async (req, res) => {
      const plugin = pathParam(req, 'plugin');
      const config = asStringMap(jsonBody(req));
      if (config === null) throw nullBody('connectorConfig');
      const included = config['connector.class'];
      if (included != null && !normalizedPluginName(included).endsWith(normalizedPluginName(plugin))) {
        throw new BadRequestError(`Included connector type ${included} does not match request type ${plugin}`);
      }
      const infos = await completeRequest(ctx, async () => {
        try {
          return await herder.validateConnectorConfig(config);
        } catch (e) {
          throw new ConnectRestError(500, executionExceptionMessage(e), { cause: e });
        }
      });
      sendJson(res, 200, infos);
    })
    .all(methodNotAllowed);

  return router;
}

/** Full and simple class names alike: `FooConnector` and `Foo` compare equal. */
function normalizedPluginName(name: string): string {
  return name.endsWith(ALIAS_SUFFIX) && name.length > ALIAS_SUFFIX.length ? name.slice(0, -ALIAS_SUFFIX.length) : name;
}

/** Java's ExecutionException message: the cause's `<class>: <message>`. */
function executionExceptionMessage(e: unknown): string {
  if (e instanceof ConnectError) return `${e.javaClass}: ${e.message}`;
  if (e instanceof Error) return `java.lang.RuntimeException: ${e.message}`;
  return String(e);
}
