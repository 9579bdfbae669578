/**
 * A table's name with its optional catalog and schema, as `table.name.format` produces it
 * (`orders`, `sales.orders`, `db.sales.orders`). Parts may be quoted ("My.Table") to hold dots.
 */
export interface TableId {
  readonly catalog: string | null;
  readonly schema: string | null;
  readonly table: string;
}

function splitQualified(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== null) {
      if (ch === quote && text[i + 1] === quote) {
        current += ch;
        i++;
      } else if (ch === quote) {
        quote = null;
      } else {
        current += ch;
      }
    } else if (ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

export function parseTableId(text: string): TableId {
  const parts = splitQualified(text.trim());
  if (parts.some((p) => p === '') || parts.length > 3) {
    throw new SyntaxError(`Invalid table name "${text}": expected [catalog.][schema.]table`);
  }
  if (parts.length === 3) return { catalog: parts[0]!, schema: parts[1]!, table: parts[2]! };
  if (parts.length === 2) return { catalog: null, schema: parts[0]!, table: parts[1]! };
  return { catalog: null, schema: null, table: parts[0]! };
}

export function tableIdToString(id: TableId): string {
  return [id.catalog, id.schema, id.table].filter((p) => p !== null).join('.');
}
