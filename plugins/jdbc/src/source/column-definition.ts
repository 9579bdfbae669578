/** A result column as the database catalog describes it, in terms common to every database. */
export interface ColumnDefinition {
  readonly name: string;
  /** The type name upper-cased without its arguments: 'INTEGER', 'NUMERIC', 'TIMESTAMPTZ', 'VARCHAR'. */
  readonly typeName: string;
  /** Digits for NUMERIC/DECIMAL; null when not declared. */
  readonly precision: number | null;
  readonly scale: number | null;
  readonly nullable: boolean;
  readonly unsigned: boolean;
  readonly autoIncrement: boolean;
  readonly primaryKey: boolean;
}

/** Splits a declared type such as 'decimal(10,2) unsigned' or 'character varying(20)'. */
export function parseDeclaredType(declared: string): Pick<ColumnDefinition, 'typeName' | 'precision' | 'scale' | 'unsigned'> {
  const text = declared.trim().toUpperCase();
  const m = /^([A-Z_ ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\))?\s*(UNSIGNED)?(?:\s+ZEROFILL)?\s*$/.exec(text);
  if (!m) return { typeName: text.replace(/\(.*$/, '').trim(), precision: null, scale: null, unsigned: text.includes('UNSIGNED') };
  return {
    typeName: m[1]!.trim(),
    precision: m[2] !== undefined ? Number(m[2]) : null,
    scale: m[3] !== undefined ? Number(m[3]) : m[2] !== undefined ? 0 : null,
    unsigned: m[4] !== undefined,
  };
}
