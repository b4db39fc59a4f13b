import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The config section of the discovery provider. */
const PROVIDER_CONFIG_KEY = 'catalog.providers.directory';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 3 },
};

const DEFAULT_OWNER = 'group:default/platform';

/**
 * The settings of {@link DirectoryInstanceEntityProvider}.
 * @public
 */
export interface DirectoryProviderConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Full entity ref of the owner of discovered instances. */
  owner: string;
}

/**
 * Reads `catalog.providers.directory`, all keys optional.
 *
 * @throws InputError naming the key and the rule it breaks.
 * @public
 */
export function readDirectoryProviderConfig(
  config: Config,
): DirectoryProviderConfig {
  const section = config.getOptionalConfig(PROVIDER_CONFIG_KEY);
  let schedule = DEFAULT_SCHEDULE;
  if (section?.has('schedule')) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        section.getConfig('schedule'),
      );
    } catch (error) {
      throw new InputError(
        `Invalid config at '${PROVIDER_CONFIG_KEY}.schedule': ${
          (error as Error).message
        }`,
      );
    }
  }
  let owner = DEFAULT_OWNER;
  try {
    const value = section?.getOptionalString('owner');
    if (value !== undefined) {
      owner = stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    }
  } catch (error) {
    throw new InputError(
      `Invalid config at '${PROVIDER_CONFIG_KEY}.owner': must be an entity reference such as '${DEFAULT_OWNER}' (${
        (error as Error).message
      })`,
    );
  }
  return { schedule, owner };
}
