/**
 * Whether the worker's plugin API version satisfies the npm range a plugin's manifest declares
 * (`"apiVersion": "^0.1.0"`). The ranges npm users write are understood: `1.2.3`, `=1.2.3`,
 * comparators (`>=1.0.0 <2.0.0`), `^`, `~`, x-ranges (`0.x`, `1.2.*`, `*`), hyphen ranges
 * (`1.0.0 - 1.4.0`) and alternatives joined by `||`; prerelease versions compare below their
 * release. A small subset of node-semver, because the worker adds no dependency for it.
 */

type Triple = [number, number, number];

interface Comparator {
  readonly op: '<' | '<=' | '>' | '>=' | '=';
  readonly version: Triple;
}

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** The release part of a version ("0.1.0-rc.1" gives [0, 1, 0]), or null when it is not one. */
function parseApiVersion(version: string): Triple | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The parts of a partial version: numbers, null for a wildcard or a missing part. */
function partial(text: string): (number | null)[] | null {
  const m = PARTIAL.exec(text);
  if (!m) return null;
  const parts = [m[1], m[2], m[3]].map((p) => (p === undefined || /[xX*]/.test(p) ? null : Number(p)));
  // A wildcard makes every following part one too ("1.x.3" means "1.x").
  const first = parts.indexOf(null);
  return first < 0 ? parts : parts.map((p, i) => (i >= first ? null : p));
}

function floor(parts: (number | null)[]): Triple {
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

/** The comparators one space-separated term stands for; null when it does not parse. */
function termComparators(term: string): Comparator[] | null {
  const m = /^(\^|~>?|[<>]=?|=)?\s*(.+)$/.exec(term);
  if (!m) return null;
  const op = m[1] ?? '';
  const parts = partial(m[2]!);
  if (!parts) return null;
  const [major, minor, patch] = parts;
  const low = floor(parts);
  if (major === null) return op === '<' || op === '>' ? [{ op: '<', version: [0, 0, 0] }] : [];
  const nextMajor: Triple = [major + 1, 0, 0];
  const nextMinor: Triple = [major, (minor ?? 0) + 1, 0];
  switch (op) {
    case '^': {
      const upper: Triple = major > 0 || minor === null ? nextMajor : minor > 0 || patch === null ? nextMinor : [major, minor, patch + 1];
      return [{ op: '>=', version: low }, { op: '<', version: upper }];
    }
    case '~':
    case '~>':
      return [{ op: '>=', version: low }, { op: '<', version: minor === null ? nextMajor : nextMinor }];
    case '>':
      return [{ op: minor === null || patch === null ? '>=' : '>', version: minor === null ? nextMajor : patch === null ? nextMinor : low }];
    case '<=':
      return minor === null || patch === null ? [{ op: '<', version: minor === null ? nextMajor : nextMinor }] : [{ op: '<=', version: low }];
    case '<':
    case '>=':
      return [{ op, version: low }];
    default:
      if (minor === null) return [{ op: '>=', version: low }, { op: '<', version: nextMajor }];
      if (patch === null) return [{ op: '>=', version: low }, { op: '<', version: nextMinor }];
      return [{ op: '=', version: low }];
  }
}

function setComparators(set: string): Comparator[] | null {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(set);
  if (hyphen) {
    const from = termComparators(`>=${hyphen[1]}`);
    const to = termComparators(`<=${hyphen[2]}`);
    return from && to ? [...from, ...to] : null;
  }
  const terms = set.replace(/([<>]=?|=|~>?|\^)\s+/g, '$1').split(/\s+/).filter((t) => t !== '');
  const out: Comparator[] = [];
  for (const term of terms) {
    const comparators = termComparators(term);
    if (!comparators) return null;
    out.push(...comparators);
  }
  return out;
}

function holds(version: Triple, { op, version: bound }: Comparator): boolean {
  const c = compare(version, bound);
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : c === 0;
}

/**
 * Whether `version` satisfies `range`.
 * @throws TypeError when the range or the version does not parse.
 */
export function satisfiesApiRange(version: string, range: string): boolean {
  const v = parseApiVersion(version);
  if (!v) throw new TypeError(`"${version}" is not a version`);
  const sets = range.split('||').map((s) => s.trim());
  let satisfied = false;
  for (const set of sets) {
    const comparators = setComparators(set);
    if (!comparators) throw new TypeError(`"${range}" is not a version range`);
    if (comparators.every((c) => holds(v, c))) satisfied = true;
  }
  return satisfied;
}
