import {
  FakeKubernetesApi,
  KubeObject,
} from '@directory-ops/simulated-cluster';
import { NAMESPACE, RELEASE, testCheckContext } from '../__testUtils__/cluster';
import { pvcsCheck, quantityBytes } from './pvcs';

// The first test pays for starting the fakes and loading client-node on a busy machine.
jest.setTimeout(60_000);

function pvc(
  name: string,
  options: {
    phase: string;
    storageClassName?: string;
    request?: string;
    capacity?: string;
    selectedNode?: string;
  },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: NAMESPACE,
      annotations: options.selectedNode
        ? { 'volume.kubernetes.io/selected-node': options.selectedNode }
        : {},
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: options.storageClassName ?? 'ebs-sc-encrypted',
      resources: { requests: { storage: options.request ?? '20Gi' } },
    },
    status: {
      phase: options.phase,
      ...(options.phase === 'Bound'
        ? {
            capacity: {
              storage: options.capacity ?? options.request ?? '20Gi',
            },
          }
        : {}),
    },
  };
}

function storageClass(name: string, volumeBindingMode: string): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: 'ebs.csi.aws.com',
    volumeBindingMode,
  };
}

const ROUTING = `${RELEASE}-apiserver-pvc`;
const DATABASE = `data-${RELEASE}-postgresql-0`;

describe('pvcs check', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    api.put(storageClass('ebs-sc-encrypted', 'Immediate'));
    api.put(storageClass('gp3-wait', 'WaitForFirstConsumer'));
  });
  afterAll(() => api.close());
  beforeEach(() => {
    for (const o of api.list('PersistentVolumeClaim', NAMESPACE)) {
      api.remove('PersistentVolumeClaim', NAMESPACE, o.metadata.name);
    }
    api.put(pvc(DATABASE, { phase: 'Bound' }));
    api.put(pvc('unrelated-data', { phase: 'Lost' }));
  });

  it('is ok when every PVC is Bound with its capacity', async () => {
    api.put(
      pvc(ROUTING, { phase: 'Bound', request: '20Gi', capacity: '20Gi' }),
    );
    expect(await pvcsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'ok',
      details: {
        pvcs: expect.arrayContaining([
          expect.objectContaining({ name: ROUTING }),
        ]),
      },
    });
  });

  it('is an error for a Lost PVC', async () => {
    api.put(pvc(ROUTING, { phase: 'Lost' }));
    expect(await pvcsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'error',
      summary: expect.stringContaining(`${ROUTING} is Lost`),
    });
  });

  it('is an error for a Pending PVC with an Immediate StorageClass', async () => {
    api.put(pvc(ROUTING, { phase: 'Pending' }));
    const verdict = await pvcsCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('Pending'),
    });
    expect(verdict?.remediation).toContain('EBS CSI');
  });

  it('is a warning for a Pending PVC waiting for its first consumer', async () => {
    api.put(pvc(ROUTING, { phase: 'Pending', storageClassName: 'gp3-wait' }));
    expect(await pvcsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('WaitForFirstConsumer'),
    });
  });

  it('is an error for a WaitForFirstConsumer PVC whose consumer is scheduled', async () => {
    api.put(
      pvc(ROUTING, {
        phase: 'Pending',
        storageClassName: 'gp3-wait',
        selectedNode: 'ip-10-0-1-1.ec2.internal',
      }),
    );
    expect(await pvcsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'error',
      summary: expect.stringContaining(
        'although a pod that uses it is scheduled',
      ),
    });
  });

  it('is a warning when the capacity is below the request', async () => {
    api.put(
      pvc(ROUTING, { phase: 'Bound', request: '20Gi', capacity: '10Gi' }),
    );
    expect(await pvcsCheck.run(testCheckContext(api))).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('less than the 20Gi'),
    });
  });

  it('reads storage quantities', () => {
    expect(quantityBytes('1Gi')).toBe(2 ** 30);
    expect(quantityBytes('1G')).toBe(1e9);
    expect(quantityBytes('500Mi')).toBe(500 * 2 ** 20);
    expect(quantityBytes('1e3')).toBe(1000);
    expect(quantityBytes('bogus')).toBeUndefined();
  });
});
