/**
 * How Java prints doubles and floats. A leaf module (no imports), so BigDecimal and the config
 * parsers can use it without pulling in the rest of java-text.ts (which knows Struct and Schema).
 */

/**
 * Java's `Double.toString` (JDK 19+): the shortest decimal that reads back as the same double,
 * written plainly between 10^-3 and 10^7 ("100.0", "0.001") and as "d.dddE<n>" outside.
 */
export function formatJavaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  // In this range JavaScript's shortest form is Java's, written plainly; Java adds ".0" to integers.
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const sign = value < 0 ? '-' : '';
  let [mantissa, exp] = abs.toExponential().split('e') as [string, string];
  // With a one-digit shortest form Java picks a two-digit one when it is closer (4.9E-324).
  if (!mantissa.includes('.')) {
    const [two, twoExp] = abs.toExponential(1).split('e') as [string, string];
    if (Number(`${two}e${twoExp}`) === abs && !two.endsWith('0')) [mantissa, exp] = [two, twoExp];
  }
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${e}`;
}

/** Java's `Float.toString`: the shortest decimal that reads back as the same float32. */
export function formatJavaFloat(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return formatJavaDouble(f);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(f.toPrecision(precision));
    if (Math.fround(candidate) !== f) continue;
    // As for doubles, Java prefers a closer two-digit form to a one-digit one (1.4E-45).
    if (precision === 1) {
      const two = Number(f.toPrecision(2));
      if (Math.fround(two) === f && Math.abs(two - f) < Math.abs(candidate - f)) return formatJavaDouble(two);
    }
    return formatJavaDouble(candidate);
  }
  return formatJavaDouble(f);
}
