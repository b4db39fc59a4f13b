import {
  FakeKubernetesApi,
  KubeObject,
} from '@directory-ops/simulated-cluster';
import { NAMESPACE, RELEASE, testCheckContext } from '../__testUtils__/cluster';
import { rolloutCheck } from './rollout';

// The first test pays for starting the fakes and loading client-node on a busy machine.
jest.setTimeout(60_000);

function deployment(options: {
  strategy?: 'Recreate' | 'RollingUpdate';
  pvc?: boolean;
  ready?: number;
  updated?: number;
  generation?: number;
  observedGeneration?: number;
}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `${RELEASE}-apiserver`,
      namespace: NAMESPACE,
      generation: options.generation ?? 3,
    },
    spec: {
      replicas: 1,
      strategy: { type: options.strategy ?? 'Recreate' },
      selector: { matchLabels: { 'app.kubernetes.io/name': 'apiserver' } },
      template: {
        spec: {
          containers: [
            { name: 'apiserver', image: 'ghcr.io/agntcy/dir-apiserver:v1.7.0' },
          ],
          volumes:
            options.pvc === false
              ? []
              : [
                  {
                    name: 'routing',
                    persistentVolumeClaim: {
                      claimName: `${RELEASE}-apiserver-pvc`,
                    },
                  },
                ],
        },
      },
    },
    status: {
      observedGeneration: options.observedGeneration ?? options.generation ?? 3,
      replicas: 1,
      updatedReplicas: options.updated ?? 1,
      readyReplicas: options.ready ?? 1,
      availableReplicas: options.ready ?? 1,
    },
  };
}

describe('rollout check', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterAll(() => api.close());

  it('is ok for a ready Recreate Deployment with a PVC', async () => {
    api.put(deployment({}));
    expect(await rolloutCheck.run(testCheckContext(api))).toMatchObject({
      status: 'ok',
    });
  });

  it('is ok for RollingUpdate without a PVC', async () => {
    api.put(deployment({ strategy: 'RollingUpdate', pvc: false }));
    expect(await rolloutCheck.run(testCheckContext(api))).toMatchObject({
      status: 'ok',
    });
  });

  it('is an error for RollingUpdate while a PVC is mounted (BadgerDB lock)', async () => {
    api.put(deployment({ strategy: 'RollingUpdate' }));
    const verdict = await rolloutCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('BadgerDB'),
    });
    expect(verdict?.remediation).toContain('Recreate');
  });

  it('is an error with 0 ready replicas outside a rollout', async () => {
    api.put(deployment({ ready: 0 }));
    expect(await rolloutCheck.run(testCheckContext(api))).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('0 of 1 replicas ready'),
    });
  });

  it('is a warning, not an error, during a Recreate rollout with 0 ready', async () => {
    api.put(
      deployment({
        ready: 0,
        updated: 0,
        generation: 4,
        observedGeneration: 4,
      }),
    );
    expect(await rolloutCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('Recreate rollout'),
    });
  });

  it('is a warning while the controller has not observed the new generation', async () => {
    api.put(deployment({ generation: 5, observedGeneration: 4 }));
    expect(await rolloutCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
    });
  });

  it('is an error when the Deployment does not exist', async () => {
    api.remove('Deployment', NAMESPACE, `${RELEASE}-apiserver`);
    expect(await rolloutCheck.run(testCheckContext(api))).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('does not exist'),
    });
  });
});
