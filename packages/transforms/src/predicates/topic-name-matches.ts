import {
  AbstractConfig, CompositeValidator, ConfigDef, ConfigType, Importance, NonEmptyString,
  type ConnectRecord, type Predicate, type Versioned,
} from '@tsconnect/api';
import { compileJavaRegex, type JavaRegex } from '../util/java-regex.js';
import { RegexValidator } from '../util/validators.js';
import { TRANSFORMS_VERSION } from '../util/version.js';

const PATTERN = 'pattern';

const CONFIG_DEF = new ConfigDef()
  .define({ name: PATTERN, type: ConfigType.STRING,
    validator: CompositeValidator.of(new NonEmptyString(), new RegexValidator()), importance: Importance.MEDIUM,
    documentation: "A Java regular expression for matching against the name of a record's topic." });

/** Kafka's `TopicNameMatches`: true when the record's whole topic name matches `pattern`. */
export class TopicNameMatches<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {
  static readonly className = 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches';
  static readonly OVERVIEW_DOC = 'A predicate which is true for records with a topic name that matches the ' +
    'configured regular expression.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  #pattern: JavaRegex | null = null;

  version(): string {
    return TRANSFORMS_VERSION;
  }

  configure(configs: Record<string, unknown>): void {
    this.#pattern = compileJavaRegex(new AbstractConfig(CONFIG_DEF, configs).requireString(PATTERN));
  }

  test(record: R): boolean {
    return record.topic != null && this.#pattern!.whole.test(record.topic);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return `TopicNameMatches{pattern=${this.#pattern?.pattern ?? 'null'}}`;
  }
}
