import {
  AbstractConfig, ConfigDef, ConfigType, DataException, Importance,
  type ConnectRecord, type Transformation, type Versioned,
} from '@tsconnect/api';
import { SimpleDateFormat } from '../util/simple-date-format.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const TOPIC_FORMAT = 'topic.format';
const TIMESTAMP_FORMAT = 'timestamp.format';

const CONFIG_DEF = new ConfigDef()
  .define({ name: TOPIC_FORMAT, type: ConfigType.STRING, defaultValue: '${topic}-${timestamp}',
    importance: Importance.HIGH,
    documentation: 'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as ' +
      'placeholders for the topic and timestamp, respectively.' })
  .define({ name: TIMESTAMP_FORMAT, type: ConfigType.STRING, defaultValue: 'yyyyMMdd', importance: Importance.HIGH,
    documentation: 'Format string for the timestamp that is compatible with ' +
      '<code>java.text.SimpleDateFormat</code>.' });

/** Kafka's `TimestampRouter`: the topic becomes `topic.format` filled with the topic and the record's UTC timestamp. */
export class TimestampRouter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.TimestampRouter';
  static readonly OVERVIEW_DOC = 'Update the record\'s topic field as a function of the original topic value and ' +
    'the record timestamp.<p/>This is mainly useful for sink connectors, since the topic field is often used to ' +
    'determine the equivalent entity name in the destination system(e.g. database table or search index name).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #topicFormat = '';
  #timestampFormat = new SimpleDateFormat('yyyyMMdd');

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, configs);
    this.#topicFormat = config.requireString(TOPIC_FORMAT);
    this.#timestampFormat = new SimpleDateFormat(config.requireString(TIMESTAMP_FORMAT));
  }

  apply(record: R): R {
    if (record.timestamp === null) throw new DataException(`Timestamp missing on record: ${record.toString()}`);
    const formatted = this.#timestampFormat.format(new Date(record.timestamp));
    const topic = this.#topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(formatted);
    return record.newRecord({ topic });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
