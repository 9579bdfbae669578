/**
 * Orders plugin versions as Maven's ComparableVersion does for the versions npm packages carry:
 * dotted parts compared numerically where both are numbers, else as text; a missing part counts as
 * 0 ("1.0" equals "1.0.0"), and a qualifier sorts before the release ("1.0.0-rc1" < "1.0.0").
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? missingPart(pb[i]!);
    const y = pb[i] ?? missingPart(pa[i]!);
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    let diff: number;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) diff = nx - ny;
    else if (x === RELEASE || y === RELEASE) diff = x === y ? 0 : x === RELEASE ? 1 : -1;
    else if (!Number.isNaN(nx) || !Number.isNaN(ny)) diff = Number.isNaN(nx) ? -1 : 1;
    else diff = x < y ? -1 : x > y ? 1 : 0;
    if (diff !== 0) return diff;
  }
  return 0;
}

// Stands for the end of a release version when the other side goes on with a qualifier.
const RELEASE = '\u0000release';

function missingPart(other: string): string {
  return /^\d+$/.test(other) ? '0' : RELEASE;
}
