import path from 'node:path';
import type { AuthService } from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** `type:target` of a location target, resolved as the catalog resolves it. */
function resolveTarget(
  type: string,
  target: string,
  base: string | undefined,
): string | undefined {
  const [baseType, ...rest] = (base ?? '').split(':');
  const baseTarget = rest.join(':');
  if (type === 'file') {
    const dir = baseType === 'file' ? path.dirname(baseTarget) : process.cwd();
    return `file:${path.resolve(dir, target)}`;
  }
  if (type === 'url') {
    try {
      return `url:${new URL(
        target,
        baseType === 'url' ? baseTarget : undefined,
      ).toString()}`;
    } catch {
      return undefined;
    }
  }
  // Other location types cannot be followed from here.
  return undefined;
}

/** The `type:target` refs a Location entity points at. */
function targetsOf(location: Entity): string[] {
  const spec = (location.spec ?? {}) as {
    type?: string;
    target?: string;
    targets?: string[];
  };
  const base = location.metadata.annotations?.[ANNOTATION_LOCATION];
  const type = spec.type ?? base?.split(':')[0] ?? 'url';
  return [spec.target, ...(spec.targets ?? [])]
    .filter((t): t is string => typeof t === 'string' && t.length > 0)
    .map(t => resolveTarget(type, t, base))
    .filter((t): t is string => t !== undefined);
}

/**
 * The locations of `catalog.locations`, as the catalog resolves them
 * (`type:target`).
 */
export function configuredLocationRefs(config: Config): string[] {
  return (config.getOptionalConfigArray('catalog.locations') ?? []).flatMap(
    location => {
      const ref = resolveTarget(
        location.getString('type'),
        location.getString('target'),
        undefined,
      );
      return ref ? [ref] : [];
    },
  );
}

/**
 * The locations the catalog has not read yet: configured locations and
 * targets of Location entities that no entity comes from.
 * Right after the catalog starts on an empty database, the registered files
 * are still being read.
 */
export async function unreadLocations(
  catalog: CatalogService,
  auth: AuthService,
  configured: string[],
): Promise<string[]> {
  // Registered locations are Location entities too.
  const { items } = await catalog.getEntities(
    {
      fields: [
        'kind',
        'spec.type',
        'spec.target',
        'spec.targets',
        'metadata.annotations',
      ],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const read = new Set(
    items.map(e => e.metadata?.annotations?.[ANNOTATION_LOCATION]),
  );
  const expected = new Set([
    ...configured,
    ...items.filter(e => e.kind === 'Location').flatMap(targetsOf),
  ]);
  return [...expected].filter(ref => !read.has(ref));
}
