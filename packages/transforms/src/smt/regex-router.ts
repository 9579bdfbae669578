import {
  AbstractConfig, ConfigDef, ConfigException, ConfigType, Importance,
  type ConnectRecord, type Transformation, type Versioned,
} from '@tsconnect/api';
import { compileJavaRegex, javaReplaceFirst, parseJavaReplacement, type JavaRegex } from '../util/java-regex.js';
import { RegexValidator } from '../util/validators.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const REGEX = 'regex';
const REPLACEMENT = 'replacement';

const CONFIG_DEF = new ConfigDef()
  .define({ name: REGEX, type: ConfigType.STRING, validator: new RegexValidator(), importance: Importance.HIGH,
    documentation: 'Regular expression to use for matching.' })
  .define({ name: REPLACEMENT, type: ConfigType.STRING, importance: Importance.HIGH,
    documentation: 'Replacement string.' });

/** Kafka's `RegexRouter`: when the whole topic matches `regex`, it becomes `replaceFirst(replacement)` (`$1` groups). */
export class RegexRouter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.RegexRouter';
  static readonly OVERVIEW_DOC = 'Update the record topic using the configured regular expression and replacement ' +
    'string.<p/>Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. If the pattern ' +
    'matches the input topic, <code>java.util.regex.Matcher#replaceFirst()</code> is used with the replacement ' +
    'string to obtain the new topic.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #regex: JavaRegex | null = null;
  #replacement: ReturnType<typeof parseJavaReplacement> = [];

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    const config = new AbstractConfig(CONFIG_DEF, configs);
    this.#regex = compileJavaRegex(config.requireString(REGEX));
    const replacement = config.requireString(REPLACEMENT);
    try {
      this.#replacement = parseJavaReplacement(replacement, this.#regex);
    } catch (error) {
      // Java only notices a bad replacement at the first matching record; failing at configure is kinder.
      throw new ConfigException(REPLACEMENT, replacement, (error as Error).message);
    }
  }

  apply(record: R): R {
    const regex = this.#regex!;
    if (!regex.whole.test(record.topic)) return record;
    return record.newRecord({ topic: javaReplaceFirst(record.topic, regex, this.#replacement) });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
