/**
 * The `allowed.paths` parameter of the file and directory providers (KIP-993): when set, only
 * paths inside one of these absolute directories or files may be read; others resolve to nothing
 * (as in Kafka), and a reference to one is refused with a clear error (config-placeholders.ts).
 */
import { isAbsolute, normalize, relative, sep } from 'node:path';
import { type ConfigData, type ConfigProvider, ConfigException } from '@tsconnect/api';

export const ALLOWED_PATHS_CONFIG = 'allowed.paths';

/** A provider that reads only some paths, and says which it refuses. */
export interface PathRestrictedProvider {
  refusesPath(path: string): boolean;
}

export function isPathRestricted(provider: object): provider is PathRestrictedProvider {
  return typeof (provider as Partial<PathRestrictedProvider>).refusesPath === 'function';
}

export class AllowedPaths {
  readonly #roots: string[] | null;

  /** `allowed.paths` as configured; empty or absent allows every path. */
  constructor(configured: unknown) {
    const text = typeof configured === 'string' ? configured : '';
    const roots = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
    for (const root of roots) {
      if (!isAbsolute(root)) throw new ConfigException(ALLOWED_PATHS_CONFIG, text, `Path ${root} is not absolute`);
    }
    this.#roots = roots.length === 0 ? null : roots.map((root) => normalize(root));
  }

  /** The normalized path when it may be read, else null. */
  parseUntrustedPath(path: string): string | null {
    const normalized = normalize(path);
    if (this.#roots === null) return normalized;
    const inside = this.#roots.some((root) => {
      const rel = relative(root, normalized);
      return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
    });
    return inside ? normalized : null;
  }
}

/**
 * What the file and directory providers share: `allowed.paths`, the refusal test, and a `get` that
 * resolves nothing for an empty or refused path. Subclasses read the allowed path.
 */
export abstract class PathRestrictedConfigProvider implements ConfigProvider, PathRestrictedProvider {
  #allowed = new AllowedPaths(undefined);

  configure(configs: Record<string, unknown>): void {
    this.#allowed = new AllowedPaths(configs[ALLOWED_PATHS_CONFIG]);
  }

  refusesPath(path: string): boolean {
    return path !== '' && this.#allowed.parseUntrustedPath(path) === null;
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (!path) return { data: {} };
    const allowed = this.#allowed.parseUntrustedPath(path);
    if (allowed === null) return { data: {} };
    return { data: await this.read(allowed, path, keys) };
  }

  /** The values at `allowed` (the normalized form of `path`, as given), only `keys` when given. */
  protected abstract read(allowed: string, path: string, keys: ReadonlySet<string> | undefined): Promise<Record<string, string>>;

  close(): void {}
}
