import {
  FakeKubernetesApi,
  KubeObject,
} from '@directory-ops/simulated-cluster';
import {
  apiserverPod,
  minutesAgo,
  NAMESPACE,
  RELEASE,
  testCheckContext,
} from '../__testUtils__/cluster';
import { configDriftCheck } from './configDrift';

// The first test pays for starting the fakes and loading client-node on a busy machine.
jest.setTimeout(60_000);

function configMap(changedMinutesAgo: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${RELEASE}-apiserver`,
      namespace: NAMESPACE,
      creationTimestamp: minutesAgo(600),
      managedFields: [
        {
          manager: 'helm',
          operation: 'Update',
          apiVersion: 'v1',
          time: minutesAgo(600),
        },
        {
          manager: 'argocd-controller',
          operation: 'Apply',
          apiVersion: 'v1',
          time: minutesAgo(changedMinutesAgo),
        },
      ],
    },
    data: { 'server.config.yml': 'listen_address: 0.0.0.0:8888\n' },
  };
}

describe('config-drift check', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterAll(() => api.close());

  it('is ok when the pod started after the last ConfigMap change', async () => {
    api.put(
      apiserverPod({ name: 'dir-apiserver-1', startedAt: minutesAgo(30) }),
    );
    api.put(configMap(45));
    expect(await configDriftCheck.run(testCheckContext(api))).toMatchObject({
      status: 'ok',
    });
  });

  it('is a warning with the rollout restart command when the ConfigMap changed after the pod started', async () => {
    api.put(
      apiserverPod({ name: 'dir-apiserver-1', startedAt: minutesAgo(30) }),
    );
    api.put(configMap(10));
    expect(await configDriftCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
      remediation: `kubectl rollout restart deployment/${RELEASE}-apiserver -n ${NAMESPACE}`,
    });
  });

  it('is left out when no apiserver is running', async () => {
    api.put(apiserverPod({ name: 'dir-apiserver-1', phase: 'Pending' }));
    expect(await configDriftCheck.run(testCheckContext(api))).toBeUndefined();
  });
});
