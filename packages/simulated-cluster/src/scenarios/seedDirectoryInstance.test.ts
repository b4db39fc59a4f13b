import { FakeKubernetesApi, KubeObject } from '../kubernetes/FakeKubernetesApi';
import { runDueSchedules } from './cronJobs';
import {
  appendSvidLogLines,
  seedDirectoryInstance,
} from './seedDirectoryInstance';
import type { SeedInstanceFaults } from './types';

type ClientNode = typeof import('@kubernetes/client-node');

const NOW = new Date('2026-11-28T01:55:00.000Z');
const BASE = {
  release: 'dir-dir-prod-argoapp',
  namespace: 'dir-prod-dir',
  adminNamespace: 'dir-prod-dir-admin',
  trustDomain: 'acme.com',
  baseDomain: 'acme.com',
  now: NOW,
};
const REL = BASE.release;

/** Reads a nested field, e.g. `status.conditions.0.type`. */
function at(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o as Record<string, unknown> | undefined)?.[k],
      obj,
    );
}

type Condition = { type: string; status?: string; reason?: string };

describe('seedDirectoryInstance', () => {
  let k8s: ClientNode;
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    k8s = await import('@kubernetes/client-node');
  });

  beforeEach(async () => {
    api = await FakeKubernetesApi.start();
  });

  afterEach(async () => {
    await api.close();
  });

  function seed(faults?: SeedInstanceFaults) {
    return seedDirectoryInstance(api, { ...BASE, faults });
  }

  function coreApi() {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: api.url, caData: api.caData }],
      users: [{ name: 'u', token: api.token }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    return kc.makeApiClient(k8s.CoreV1Api);
  }

  async function apiserverLog(seeded = seed()) {
    return coreApi().readNamespacedPodLog({
      namespace: seeded.namespace,
      name: seeded.apiserverPods[0],
      container: 'apiserver',
    });
  }

  const jobsOf = (cronJob: string) =>
    api
      .list('Job', BASE.adminNamespace)
      .filter(j => at(j, 'metadata.ownerReferences.0.name') === cronJob)
      .sort((a, b) =>
        String(a.metadata.creationTimestamp).localeCompare(
          String(b.metadata.creationTimestamp),
        ),
      );
  const newest = (jobs: KubeObject[]) => jobs[jobs.length - 1];
  const condition = (job: KubeObject, type: string) =>
    ((at(job, 'status.conditions') as Condition[] | undefined) ?? []).find(
      c => c.type === type,
    );

  describe('healthy', () => {
    it("creates the charts' objects with their names and labels", async () => {
      const seeded = seed();
      expect(seeded).toMatchObject({
        apiserverDeployment: `${REL}-apiserver`,
        configMap: `${REL}-apiserver`,
        pvcs: [
          `${REL}-apiserver-pvc`,
          `data-${REL}-postgresql-0`,
          `${REL}-zot-pvc`,
        ],
        cronJobs: [`${REL}-dirctl-search`, `${REL}-dirctl-push`],
        ingress: `${REL}-apiserver`,
        routingService: `${REL}-apiserver-routing`,
        spiffeId: 'spiffe://acme.com/ns/dir-prod-dir/sa/default',
      });
      expect(seed()).toEqual(seeded);

      const deployment = api.get(
        'Deployment',
        BASE.namespace,
        seeded.apiserverDeployment,
      )!;
      expect(at(deployment, 'spec.strategy.type')).toBe('Recreate');
      expect(at(deployment, 'status.readyReplicas')).toBe(1);
      expect(at(deployment, 'status.observedGeneration')).toBe(
        deployment.metadata.generation,
      );
      expect(at(deployment, 'status.conditions')).toMatchObject([
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ]);
      expect(at(deployment, 'spec.template.spec.volumes')).toContainEqual({
        name: 'routing-storage',
        persistentVolumeClaim: { claimName: `${REL}-apiserver-pvc` },
      });

      const pods = await coreApi().listNamespacedPod({
        namespace: BASE.namespace,
        labelSelector: `app.kubernetes.io/name=apiserver,app.kubernetes.io/instance=${REL}`,
      });
      expect(pods.items.map(p => p.metadata?.name)).toEqual(
        seeded.apiserverPods,
      );
      const pod = pods.items[0];
      expect(pod.status?.phase).toBe('Running');
      const startedAt = pod.status?.containerStatuses?.[0].state?.running
        ?.startedAt as Date;
      expect(NOW.getTime() - startedAt.getTime()).toBeGreaterThan(60_000);
      expect(NOW.getTime() - startedAt.getTime()).toBeLessThan(15 * 60_000);

      const configMap = api.get('ConfigMap', BASE.namespace, seeded.configMap)!;
      expect(configMap.data).toEqual(
        expect.objectContaining({
          'server.config.yml': expect.any(String),
          'authz_policies.csv': expect.any(String),
        }),
      );
      expect(
        new Date(
          String(at(configMap, 'metadata.managedFields.0.time')),
        ).getTime(),
      ).toBeLessThan(startedAt.getTime());

      for (const name of seeded.pvcs) {
        const pvc = api.get('PersistentVolumeClaim', BASE.namespace, name)!;
        expect(at(pvc, 'status.phase')).toBe('Bound');
        expect(at(pvc, 'status.capacity.storage')).toBe(
          at(pvc, 'spec.resources.requests.storage'),
        );
        expect(at(pvc, 'spec.storageClassName')).toBe('ebs-sc-encrypted');
      }
      expect(
        at(
          api.get('StorageClass', undefined, 'ebs-sc-encrypted'),
          'volumeBindingMode',
        ),
      ).toBe('WaitForFirstConsumer');

      const ingress = api.get('Ingress', BASE.namespace, seeded.ingress)!;
      expect(at(ingress, 'spec.rules.0.host')).toBe('api.acme.com');
      expect(at(ingress, 'spec.tls')).toEqual([{ hosts: ['api.acme.com'] }]);
      expect(ingress.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
      });
      expect(at(ingress, 'status.loadBalancer.ingress.0.hostname')).toBe(
        seeded.loadBalancerHostname,
      );
      expect(seeded.loadBalancerHostname).toMatch(/\.elb\.amazonaws\.com$/);
      const service = api.get(
        'Service',
        BASE.namespace,
        seeded.routingService,
      )!;
      expect(at(service, 'spec.type')).toBe('LoadBalancer');
      expect(at(service, 'status.loadBalancer.ingress.0.hostname')).toMatch(
        /\.elb\.us-east-1\.amazonaws\.com$/,
      );

      const spiffeId = api.get(
        'ClusterSPIFFEID',
        undefined,
        `${REL}-apiserver`,
      )!;
      expect(at(spiffeId, 'spec')).toMatchObject({
        className: 'dir-spire',
        spiffeIDTemplate:
          'spiffe://acme.com/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
        dnsNameTemplates: ['api.acme.com'],
      });
      expect(
        api.get(
          'ClusterFederatedTrustDomain',
          undefined,
          `${REL}-apiserver-spire-ads-outshift-io`,
        ),
      ).toBeDefined();
    });

    it('logs the SVID being obtained', async () => {
      const log = await apiserverLog();
      expect(log).toContain(
        'level=INFO msg="Successfully obtained valid X509-SVID for server" component=authn spiffe_id=spiffe://acme.com/ns/dir-prod-dir/sa/default',
      );
      expect(log.split('\n')[0]).toMatch(
        /^time=2026-11-28T01:4\d:\d\d\.\d{3}Z level=INFO msg=/,
      );
      expect(log).not.toMatch(/level=(WARN|ERROR)/);
    });

    it('runs the dir-admin CronJobs with successful child Jobs', () => {
      seed();
      const search = api.get(
        'CronJob',
        BASE.adminNamespace,
        `${REL}-dirctl-search`,
      )!;
      expect(search.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'dirctl',
        'app.kubernetes.io/component': `${REL}-dirctl-search`,
      });
      expect(at(search, 'spec')).toMatchObject({
        schedule: '*/5 * * * *',
        concurrencyPolicy: 'Forbid',
        suspend: false,
      });
      expect(at(search, 'status.lastScheduleTime')).toBe(
        '2026-11-28T01:50:00Z',
      );
      expect(at(search, 'status.lastSuccessfulTime')).toBe(
        '2026-11-28T01:50:20Z',
      );
      const jobs = jobsOf(`${REL}-dirctl-search`);
      expect(jobs).toHaveLength(3);
      expect(
        jobs.every(
          j => at(j, 'metadata.ownerReferences.0.uid') === search.metadata.uid,
        ),
      ).toBe(true);
      expect(condition(newest(jobs), 'Complete')?.status).toBe('True');
      expect(
        at(
          api.get('CronJob', BASE.adminNamespace, `${REL}-dirctl-push`),
          'spec.schedule',
        ),
      ).toBe('@hourly');
    });

    it('has no CronJobs without an admin namespace', () => {
      const seeded = seedDirectoryInstance(api, {
        ...BASE,
        adminNamespace: undefined,
      });
      expect(seeded.cronJobs).toEqual([]);
      expect(api.list('CronJob')).toEqual([]);
    });
  });

  describe('svid faults', () => {
    it('failed: a rotation failure after the last success', async () => {
      const log = await apiserverLog(seed({ svid: 'failed' }));
      const lastSuccess = log.lastIndexOf(
        'Successfully obtained valid X509-SVID',
      );
      const failure = log.lastIndexOf(
        'Failed to get valid X509-SVID after retries',
      );
      expect(lastSuccess).toBeGreaterThan(-1);
      expect(failure).toBeGreaterThan(lastSuccess);
    });

    it('no-uri-san: SVIDs without URI SAN and no success', async () => {
      const log = await apiserverLog(seed({ svid: 'no-uri-san' }));
      expect(log).toContain('msg="SVID obtained but lacks URI SAN, retrying"');
      expect(log).toContain(
        'error="certificate contains no URI SAN (SPIFFE ID)"',
      );
      expect(log).not.toContain('Successfully obtained');
    });

    it('never-succeeded: no success at all', async () => {
      const log = await apiserverLog(seed({ svid: 'never-succeeded' }));
      expect(log).toContain(
        'msg="Failed to get valid X509-SVID for server after retries"',
      );
      expect(log).not.toContain('Successfully obtained');
    });

    it('appends lines later', async () => {
      const seeded = seed({ svid: 'failed' });
      appendSvidLogLines(
        api,
        seeded,
        'success',
        new Date(NOW.getTime() + 30_000),
      );
      const log = await apiserverLog(seeded);
      expect(log.trimEnd().split('\n').pop()).toContain(
        'msg="Successfully obtained valid X509-SVID for server"',
      );
    });

    it('appends failures that end at the given time', async () => {
      const seeded = seed();
      appendSvidLogLines(
        api,
        seeded,
        'no-uri-san',
        new Date('2026-11-28T01:56:00.000Z'),
      );
      const log = await coreApi().readNamespacedPodLog({
        namespace: seeded.namespace,
        name: seeded.apiserverPods[0],
        timestamps: true,
        tailLines: 3,
      });
      expect(log).toMatch(/lacks URI SAN/);
      expect(log.trimEnd().split('\n').pop()).toMatch(
        /^2026-11-28T01:56:00Z time=2026-11-28T01:56:00.000Z level=ERROR msg="X509SourceWithRetry.GetX509SVID\(\) failed after retries"/,
      );
    });

    it('noRunningApiserver: the pod is Pending and has no log', async () => {
      const seeded = seed({ noRunningApiserver: true });
      expect(
        at(
          api.get('Pod', BASE.namespace, seeded.apiserverPods[0]),
          'status.phase',
        ),
      ).toBe('Pending');
      await expect(apiserverLog(seeded)).rejects.toMatchObject({ code: 400 });
    });
  });

  describe('cronjob faults', () => {
    const search = `${REL}-dirctl-search`;
    const cronJob = () => api.get('CronJob', BASE.adminNamespace, search)!;

    it('failed: the newest finished Job failed', () => {
      seed({ cronjob: 'failed' });
      const job = newest(jobsOf(search));
      expect(condition(job, 'Failed')).toMatchObject({
        status: 'True',
        reason: 'BackoffLimitExceeded',
      });
      expect(at(cronJob(), 'status.lastSuccessfulTime')).toBe(
        '2026-11-28T01:45:20Z',
      );
      expect(
        condition(newest(jobsOf(`${REL}-dirctl-push`)), 'Complete')?.status,
      ).toBe('True');
    });

    it('stuck: an active Job older than two periods', () => {
      seed({ cronjob: 'stuck' });
      const active = at(cronJob(), 'status.active') as Array<{ name: string }>;
      expect(active).toHaveLength(1);
      const job = api.get('Job', BASE.adminNamespace, active[0].name)!;
      expect(
        NOW.getTime() - new Date(String(at(job, 'status.startTime'))).getTime(),
      ).toBeGreaterThan(2 * 5 * 60_000);
      expect(at(job, 'status.active')).toBe(1);
    });

    it('suspended', () => {
      seed({ cronjob: 'suspended' });
      expect(at(cronJob(), 'spec.suspend')).toBe(true);
    });

    it('never-succeeded: only failed Jobs', () => {
      seed({ cronjob: 'never-succeeded' });
      expect(at(cronJob(), 'status.lastSuccessfulTime')).toBeUndefined();
      expect(
        jobsOf(search).every(j => condition(j, 'Failed')?.status === 'True'),
      ).toBe(true);
    });

    it('stale-success: the last success was a day ago', () => {
      seed({ cronjob: 'stale-success' });
      expect(at(cronJob(), 'status.lastSuccessfulTime')).toBe(
        '2026-11-27T01:55:20Z',
      );
    });

    it('runs due schedules later', () => {
      seed();
      const created = runDueSchedules(api, BASE.adminNamespace, search, {
        now: new Date('2026-11-28T02:10:40Z'),
      });
      expect(created).toBe(4);
      expect(at(cronJob(), 'status.lastScheduleTime')).toBe(
        '2026-11-28T02:10:00Z',
      );
      expect(at(cronJob(), 'status.lastSuccessfulTime')).toBe(
        '2026-11-28T02:10:20Z',
      );
      expect(jobsOf(search)).toHaveLength(7);
    });
  });

  describe('pvc faults', () => {
    const routing = `${REL}-apiserver-pvc`;
    const pvc = () =>
      api.get('PersistentVolumeClaim', BASE.namespace, routing)!;
    const eventsFor = (name: string) =>
      api
        .list('Event', BASE.namespace)
        .filter(e => at(e, 'involvedObject.name') === name);

    it('pending: on an Immediate storage class', () => {
      seed({ pvc: 'pending' });
      expect(at(pvc(), 'status.phase')).toBe('Pending');
      expect(
        at(
          api.get(
            'StorageClass',
            undefined,
            String(at(pvc(), 'spec.storageClassName')),
          ),
          'volumeBindingMode',
        ),
      ).toBe('Immediate');
      expect(eventsFor(routing).map(e => at(e, 'reason'))).toEqual([
        'ProvisioningFailed',
      ]);
    });

    it('pending-wait-for-consumer', () => {
      seed({ pvc: 'pending-wait-for-consumer' });
      expect(at(pvc(), 'status.phase')).toBe('Pending');
      expect(
        at(
          api.get(
            'StorageClass',
            undefined,
            String(at(pvc(), 'spec.storageClassName')),
          ),
          'volumeBindingMode',
        ),
      ).toBe('WaitForFirstConsumer');
      expect(eventsFor(routing).map(e => at(e, 'reason'))).toEqual([
        'WaitForFirstConsumer',
      ]);
    });

    it('lost', () => {
      seed({ pvc: 'lost' });
      expect(at(pvc(), 'status.phase')).toBe('Lost');
    });

    it('undersized: capacity below the request', () => {
      seed({ pvc: 'undersized' });
      expect(at(pvc(), 'status.capacity.storage')).toBe('1Gi');
      expect(at(pvc(), 'spec.resources.requests.storage')).toBe('2Gi');
    });
  });

  describe('rollout and config faults', () => {
    const deployment = () =>
      api.get('Deployment', BASE.namespace, `${REL}-apiserver`)!;

    it('rolling-update-with-pvc', () => {
      seed({ rollout: 'rolling-update-with-pvc' });
      expect(at(deployment(), 'spec.strategy.type')).toBe('RollingUpdate');
      expect(at(deployment(), 'status.readyReplicas')).toBe(1);
    });

    it('no-ready-replicas', () => {
      const seeded = seed({ rollout: 'no-ready-replicas' });
      expect(at(deployment(), 'status.readyReplicas')).toBeUndefined();
      expect(at(deployment(), 'status.conditions.0')).toMatchObject({
        type: 'Available',
        status: 'False',
      });
      const pod = api.get('Pod', BASE.namespace, seeded.apiserverPods[0])!;
      expect(at(pod, 'status.phase')).toBe('Running');
      expect(at(pod, 'status.containerStatuses.0.ready')).toBe(false);
    });

    it('in-progress', () => {
      seed({ rollout: 'in-progress' });
      expect(at(deployment(), 'status.conditions.1')).toMatchObject({
        type: 'Progressing',
        reason: 'ReplicaSetUpdated',
      });
    });

    it('configDrift: the ConfigMap changed after the pod started', () => {
      const seeded = seed({ configDrift: true });
      const changed = new Date(
        String(
          at(
            api.get('ConfigMap', BASE.namespace, seeded.configMap),
            'metadata.managedFields.0.time',
          ),
        ),
      );
      const started = new Date(
        String(
          at(
            api.get('Pod', BASE.namespace, seeded.apiserverPods[0]),
            'status.startTime',
          ),
        ),
      );
      expect(changed.getTime()).toBeGreaterThan(started.getTime());
    });

    it('loadBalancerHostname', () => {
      const seeded = seed({ loadBalancerHostname: 'wrong.elb.amazonaws.com' });
      expect(
        at(
          api.get('Ingress', BASE.namespace, seeded.ingress),
          'status.loadBalancer.ingress.0.hostname',
        ),
      ).toBe('wrong.elb.amazonaws.com');
      expect(seeded.routingLoadBalancerHostname).toBe(
        'wrong.elb.amazonaws.com',
      );
    });
  });
});
