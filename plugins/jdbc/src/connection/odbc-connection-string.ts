/**
 * ODBC connection strings (`Driver={PostgreSQL Unicode};Server=db;Port=5432;Database=x`): the
 * attribute grammar of SQLDriverConnect, where a value holding `;` or `}` is wrapped in braces and
 * a `}` inside braces is doubled. Keys are case-insensitive to the driver manager, so lookups here
 * are too, while the text handed to the driver keeps the user's spelling.
 */

export type OdbcAttributes = ReadonlyArray<readonly [key: string, value: string]>;

export function parseOdbcConnectionString(text: string): OdbcAttributes {
  const attributes: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text[i] === ';' || text[i] === ' ')) i++;
    if (i >= text.length) break;
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new SyntaxError(`ODBC connection string attribute without '=': "${text.slice(i)}"`);
    const key = text.slice(i, eq).trim();
    i = eq + 1;
    let value = '';
    if (text[i] === '{') {
      i++;
      for (;;) {
        if (i >= text.length) throw new SyntaxError(`Unterminated '{' in the ODBC attribute ${key}`);
        if (text[i] === '}') {
          if (text[i + 1] === '}') {
            value += '}';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      while (i < text.length && text[i] !== ';') i++;
    } else {
      const end = text.indexOf(';', i);
      value = (end < 0 ? text.slice(i) : text.slice(i, end)).trim();
      i = end < 0 ? text.length : end;
    }
    attributes.push([key, value]);
  }
  return attributes;
}

function formatValue(value: string): string {
  return /[;{}=\s]/.test(value) || value === '' ? `{${value.replaceAll('}', '}}')}}` : value;
}

export function formatOdbcConnectionString(attributes: OdbcAttributes): string {
  return attributes.map(([k, v]) => `${k}=${formatValue(v)}`).join(';');
}

/** The value of an attribute, matched case-insensitively; the last occurrence wins as in the driver manager. */
export function odbcAttribute(attributes: OdbcAttributes, key: string): string | undefined {
  const wanted = key.toLowerCase();
  let found: string | undefined;
  for (const [k, v] of attributes) if (k.toLowerCase() === wanted) found = v;
  return found;
}

/** The attributes with these set (replacing any of the same name, whatever its case). */
export function withOdbcAttributes(attributes: OdbcAttributes, changes: Record<string, string>): OdbcAttributes {
  const lowered = new Set(Object.keys(changes).map((k) => k.toLowerCase()));
  return [
    ...attributes.filter(([k]) => !lowered.has(k.toLowerCase())),
    ...Object.entries(changes),
  ];
}
