import { ApicurioRegistry, JavaConnectWorker, KAFKA_VERSION, KafkaBroker } from '@tsconnect/testinfra';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

let broker: KafkaBroker;

before(async () => {
  broker = await KafkaBroker.start();
});

after(async () => {
  await broker?.stop();
});

test('the Java reference Connect worker starts from Maven Central jars and answers GET /', async () => {
  const worker = await JavaConnectWorker.start({ bootstrapServers: broker.bootstrapServers });
  try {
    const response = await fetch(`${worker.url}/`);
    assert.equal(response.status, 200);
    const info = (await response.json()) as { version: string; commit: string; kafka_cluster_id: string };
    assert.equal(info.version, KAFKA_VERSION);
    assert.match(info.kafka_cluster_id, /^[A-Za-z0-9_-]{22}$/);

    const plugins = (await (await fetch(`${worker.url}/connector-plugins`)).json()) as { class: string }[];
    const classes = plugins.map((p) => p.class);
    assert.ok(classes.includes('org.apache.kafka.connect.file.FileStreamSinkConnector'), classes.join(', '));
    assert.ok(classes.includes('org.apache.kafka.connect.tools.VerifiableSourceConnector'), classes.join(', '));
  } finally {
    await worker.stop();
  }
});

test('Apicurio Registry starts and answers the Confluent-compatible API', async () => {
  const registry = await ApicurioRegistry.start();
  try {
    const subjects = await fetch(`${registry.url}/subjects`);
    assert.equal(subjects.status, 200);
    assert.deepEqual(await subjects.json(), []);

    const schema = JSON.stringify({ type: 'record', name: 'Row', fields: [{ name: 'id', type: 'long' }] });
    const registered = await fetch(`${registry.url}/subjects/rows-value/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schema }),
    });
    assert.equal(registered.status, 200);
    const { id } = (await registered.json()) as { id: number };
    assert.equal(typeof id, 'number');
    const byId = (await (await fetch(`${registry.url}/schemas/ids/${id}`)).json()) as { schema: string };
    assert.deepEqual(JSON.parse(byId.schema), JSON.parse(schema));
  } finally {
    await registry.stop();
  }
});
