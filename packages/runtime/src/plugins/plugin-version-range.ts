/**
 * The version requirement of `connector.plugin.version`, `key.converter.plugin.version` and their
 * siblings, as Kafka 4.1 reads them (PluginVersionUtils.connectorVersionRequirement): absent or
 * "latest" means the latest installed version; a bare version is a hard requirement (Kafka wraps
 * it in `[...]`); otherwise a Maven version range such as `[1.0,2.0)`, `(,3.0]` or
 * `[1.0,2.0),[3.0,)`. Among the installed versions the range allows, the highest is chosen.
 */
import { ConnectException } from '@tsconnect/api';
import { compareVersions } from './compare-versions.js';

interface Restriction {
  readonly lower: string | null;
  readonly lowerInclusive: boolean;
  readonly upper: string | null;
  readonly upperInclusive: boolean;
}

export class PluginVersionRange {
  readonly #spec: string;

  private constructor(
    readonly restrictions: readonly Restriction[],
    spec: string,
  ) {
    this.#spec = spec;
  }

  /**
   * The requirement `spec` states, or null when it asks for the latest version.
   * @throws ConnectException with Maven's message when the spec is not a version or a range.
   */
  static parse(spec: string | null | undefined): PluginVersionRange | null {
    if (spec === null || spec === undefined || spec === 'latest') return null;
    let text = spec.trim();
    if (text === '') throw new ConnectException('Version cannot be empty');
    if (!/^[[(]/.test(text)) {
      if (/[[\](),]/.test(text)) throw new ConnectException(`Invalid version: ${text}`);
      text = `[${text}]`;
    }
    const restrictions: Restriction[] = [];
    let rest = text;
    while (rest.length > 0) {
      const close = rest.search(/[\])]/);
      if (!/^[[(]/.test(rest) || close < 0) throw new ConnectException(`Unbounded range: ${text}`);
      restrictions.push(parseRestriction(rest.slice(0, close + 1)));
      rest = rest.slice(close + 1).trim();
      if (rest.startsWith(',')) rest = rest.slice(1).trim();
    }
    return new PluginVersionRange(restrictions, text);
  }

  contains(version: string): boolean {
    return this.restrictions.some((r) => {
      if (r.lower !== null) {
        const c = compareVersions(version, r.lower);
        if (c < 0 || (c === 0 && !r.lowerInclusive)) return false;
      }
      if (r.upper !== null) {
        const c = compareVersions(version, r.upper);
        if (c > 0 || (c === 0 && !r.upperInclusive)) return false;
      }
      return true;
    });
  }

  /** The highest of `versions` the range allows, or null (Maven's VersionRange.matchVersion). */
  match(versions: Iterable<string>): string | null {
    let best: string | null = null;
    for (const v of versions) {
      if (this.contains(v) && (best === null || compareVersions(v, best) > 0)) best = v;
    }
    return best;
  }

  /** As Maven prints a range: its restrictions, an exact version as `[1.0]`. */
  toString(): string {
    return this.#spec.replace(/\s+/g, '');
  }
}

function parseRestriction(text: string): Restriction {
  const lowerInclusive = text.startsWith('[');
  const upperInclusive = text.endsWith(']');
  const inner = text.slice(1, -1).trim();
  const comma = inner.indexOf(',');
  if (comma < 0) {
    if (!lowerInclusive || !upperInclusive) throw new ConnectException(`Single version must be surrounded by []: ${text}`);
    if (inner === '') throw new ConnectException(`Version cannot be empty: ${text}`);
    return { lower: inner, lowerInclusive, upper: inner, upperInclusive };
  }
  const lower = inner.slice(0, comma).trim() || null;
  const upper = inner.slice(comma + 1).trim() || null;
  if (lower !== null && upper !== null) {
    const order = compareVersions(upper, lower);
    if (order < 0) throw new ConnectException(`Range defies version ordering: ${text}`);
    if (order === 0 && (!lowerInclusive || !upperInclusive)) throw new ConnectException(`Range cannot have identical boundaries: ${text}`);
  }
  return { lower, lowerInclusive, upper, upperInclusive };
}
