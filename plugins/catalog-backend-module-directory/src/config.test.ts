import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readDirectoryProviderConfig } from './config';

describe('readDirectoryProviderConfig', () => {
  it('has defaults', () => {
    expect(readDirectoryProviderConfig(new ConfigReader({}))).toEqual({
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
      owner: 'group:default/platform',
    });
  });

  it('reads the schedule and owner', () => {
    const config = readDirectoryProviderConfig(
      new ConfigReader({
        catalog: {
          providers: {
            directory: {
              schedule: { frequency: 'PT10M', timeout: { minutes: 2 } },
              owner: 'dir-ops',
            },
          },
        },
      }),
    );
    expect(config.owner).toBe('group:default/dir-ops');
    expect(config.schedule.timeout).toEqual({ minutes: 2 });
  });

  it('rejects a bad schedule naming the key', () => {
    const read = () =>
      readDirectoryProviderConfig(
        new ConfigReader({
          catalog: {
            providers: { directory: { schedule: { frequency: 'soon' } } },
          },
        }),
      );
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      "Invalid config at 'catalog.providers.directory.schedule'",
    );
  });

  it('rejects a bad owner naming the key', () => {
    expect(() =>
      readDirectoryProviderConfig(
        new ConfigReader({
          catalog: { providers: { directory: { owner: 'group:' } } },
        }),
      ),
    ).toThrow("Invalid config at 'catalog.providers.directory.owner'");
  });
});
