import type { ConnectRecord, Transformation } from '@tsconnect/api';
import { ExtractNewRecordState } from './extract-new-record-state.js';
import { QlikReplicateUnwrap } from './qlik-replicate-unwrap.js';

/** A transformation the plugin registry can list and instantiate under any of its names. */
export interface CdcTransformEntry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any record type, as Java's ConnectRecord<?>
  readonly class: new () => Transformation<any>;
  /** The Java class names existing connector configs use in `transforms.<alias>.type`. */
  readonly javaNames: readonly string[];
  /** Our own names, also accepted as `type`. */
  readonly aliases: readonly string[];
  readonly kind: 'transformation';
}

export const cdcTransforms: readonly CdcTransformEntry[] = Object.freeze([
  {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any record type, as Java's ConnectRecord<?>
    class: ExtractNewRecordState as new () => Transformation<ConnectRecord<any>>,
    javaNames: ['io.debezium.transforms.ExtractNewRecordState'],
    aliases: ['DebeziumUnwrap', 'ExtractNewRecordState'],
    kind: 'transformation',
  },
  {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any record type, as Java's ConnectRecord<?>
    class: QlikReplicateUnwrap as new () => Transformation<ConnectRecord<any>>,
    javaNames: ['io.tsconnect.transforms.QlikReplicateUnwrap'],
    aliases: ['QlikReplicateUnwrap'],
    kind: 'transformation',
  },
]);
