import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { CheckStatus } from '@directory-ops/plugin-directory-common';
import { databaseService } from '../__testUtils__/cluster';
import { readDirectoryBackendConfig } from '../config';
import { HealthStore, StoredHealth } from '../database/HealthStore';
import { NotificationClaims } from '../database/NotificationClaims';
import { HealthNotifier } from './HealthNotifier';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const ENTITY_REF = 'resource:default/acme-prod-directory';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-prod-directory',
    namespace: 'default',
    title: 'ACME production Directory',
  },
  spec: { type: 'agntcy-directory', owner: 'platform' },
};

function check(
  id: string,
  status: CheckStatus,
  summary: string,
  remediation?: string,
) {
  return {
    id,
    title: id,
    status,
    summary,
    remediation,
    observedAt: '2026-11-30T06:00:00.000Z',
  };
}

let clock = Date.parse('2026-11-30T06:00:00.000Z');
function result(status: CheckStatus): StoredHealth {
  clock += 120_000;
  return {
    entityRef: ENTITY_REF,
    status,
    checkedAt: new Date(clock).toISOString(),
    checks:
      status === 'ok'
        ? [check('svid', 'ok', 'SVID obtained')]
        : [
            check('svid', 'ok', 'SVID obtained'),
            check(
              'tls-passthrough',
              status,
              'api.acme.com serves the ingress fake certificate',
              'Enable SSL passthrough on the ingress controller.\nThen restart it.',
            ),
          ],
  };
}

/** Records what would reach the notifications backend. */
class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions): Promise<void> {
    this.sent.push(options);
  }
}

describe.each(databases.eachSupportedId())(
  'HealthNotifier on %s',
  databaseId => {
    async function setup(config: object = {}) {
      const database = databaseService(await databases.init(databaseId));
      await HealthStore.create({ database });
      const claims = await NotificationClaims.create({ database });
      const settings = readDirectoryBackendConfig(
        new ConfigReader({ directory: config }),
      ).notifications;
      const notifications = new RecordingNotifications();
      const replica = () =>
        new HealthNotifier({
          notifications,
          catalog: catalogServiceMock({ entities: [entity] }),
          auth: mockServices.auth(),
          logger: mockServices.logger.mock(),
          claims,
          settings,
        });
      return { notifications, replica };
    }

    /** Feeds a series of statuses as consecutive poll results. */
    async function poll(notifier: HealthNotifier, statuses: CheckStatus[]) {
      let previous: StoredHealth | undefined;
      for (const status of statuses) {
        const current = result(status);
        await notifier.onHealthChange({ previous, current, trigger: 'poll' });
        previous = current;
      }
    }

    it('tells the owner once when the instance breaks', async () => {
      const { notifications, replica } = await setup();
      await poll(replica(), ['ok', 'ok', 'error', 'error', 'error']);
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: 'group:default/platform' },
          payload: {
            title: 'ACME production Directory is error',
            description:
              'tls-passthrough (error): api.acme.com serves the ingress fake certificate Fix: Enable SSL passthrough on the ingress controller.',
            link: '/catalog/default/resource/acme-prod-directory',
            severity: 'high',
            topic: ENTITY_REF,
          },
        },
      ]);
    });

    it('tells the owner when the instance is ok again, and only then', async () => {
      const { notifications, replica } = await setup();
      await poll(replica(), [
        'ok',
        'error',
        'unknown',
        'error',
        'ok',
        'unknown',
        'ok',
      ]);
      expect(
        notifications.sent.map(n => [n.payload.title, n.payload.severity]),
      ).toEqual([
        ['ACME production Directory is error', 'high'],
        ['ACME production Directory is ok again', 'low'],
      ]);
      expect(notifications.sent[1].payload.description).toBe(
        'Every check passes.',
      );
    });

    it('sends nothing for the first result, unconfigured statuses or an ok nobody was warned about', async () => {
      const { notifications, replica } = await setup();
      await poll(replica(), ['error']);
      await poll(replica(), ['ok', 'warning', 'ok', 'unknown', 'ok']);
      expect(notifications.sent).toEqual([]);
    });

    it('sends one notification for one transition seen by several replicas', async () => {
      const { notifications, replica } = await setup();
      const previous = result('ok');
      const current = result('error');
      await Promise.all(
        [replica(), replica(), replica()].map(notifier =>
          notifier.onHealthChange({ previous, current, trigger: 'poll' }),
        ),
      );
      expect(notifications.sent).toHaveLength(1);
    });

    it('notifies the statuses of directory.notifications.statuses', async () => {
      const { notifications, replica } = await setup({
        notifications: { statuses: ['warning'] },
      });
      await poll(replica(), ['ok', 'warning', 'error', 'ok']);
      expect(notifications.sent.map(n => n.payload.title)).toEqual([
        'ACME production Directory is warning',
      ]);
    });
  },
);

describe('directory.notifications config', () => {
  it('defaults to error and ok', () => {
    expect(
      readDirectoryBackendConfig(new ConfigReader({})).notifications,
    ).toEqual({ statuses: ['error', 'ok'] });
  });

  it('names the key and the rule for a status that does not exist', () => {
    expect(() =>
      readDirectoryBackendConfig(
        new ConfigReader({
          directory: { notifications: { statuses: ['error', 'broken'] } },
        }),
      ),
    ).toThrow(
      'Invalid config directory.notifications.statuses: "broken" is not one of ok, warning, error, unknown',
    );
  });
});
