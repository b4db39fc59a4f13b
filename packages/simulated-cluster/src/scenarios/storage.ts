/**
 * StorageClasses, PVCs and their events for a seeded instance.
 */
import { FakeKubernetesApi } from '../kubernetes/FakeKubernetesApi';
import { hex, MetadataFactory, stableUid } from './chart';
import { kubernetesTime, shift } from './kubernetesTime';
import type { SeedInstanceOptions } from './types';

function gibibytes(size: number): string {
  return `${size}Gi`;
}

/**
 * The StorageClass and the routing, PostgreSQL and Zot PVCs (names in that
 * order), with the `pvc` fault applied to the routing PVC.
 */
export function seedStorage(
  api: FakeKubernetesApi,
  o: SeedInstanceOptions & {
    now: Date;
    storageClass: string;
    pvcNames: string[];
    common: MetadataFactory;
  },
): void {
  const fault = o.faults?.pvc;
  api.put({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      ...o.common(o.storageClass, undefined, {}),
      uid: stableUid(`storageclass/${o.storageClass}`),
    },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  });
  const immediateClass = 'gp2';
  if (fault === 'pending') {
    api.put({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        ...o.common(immediateClass, undefined, {}),
        uid: stableUid(`storageclass/${immediateClass}`),
      },
      provisioner: 'kubernetes.io/aws-ebs',
      parameters: { type: 'gp2', fsType: 'ext4' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
    });
  }
  const [routing, postgres, zot] = o.pvcNames;
  const volumes: Array<{
    name: string;
    size: number;
    labels: Record<string, string>;
  }> = [
    {
      name: routing,
      size: 20,
      labels: {
        'app.kubernetes.io/name': 'apiserver',
        'app.kubernetes.io/instance': o.release,
      },
    },
    {
      name: postgres,
      size: 20,
      labels: {
        'app.kubernetes.io/name': 'postgresql',
        'app.kubernetes.io/instance': o.release,
        'app.kubernetes.io/component': 'primary',
      },
    },
    {
      name: zot,
      size: 100,
      labels: {
        'app.kubernetes.io/name': 'zot',
        'app.kubernetes.io/instance': o.release,
      },
    },
  ];
  for (const volume of volumes) {
    const faulty = volume.name === routing ? fault : undefined;
    const requested = faulty === 'undersized' ? 2 : volume.size;
    const capacity = faulty === 'undersized' ? 1 : volume.size;
    const className = faulty === 'pending' ? immediateClass : o.storageClass;
    const pending =
      faulty === 'pending' || faulty === 'pending-wait-for-consumer';
    const pvc = api.put({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...o.common(volume.name, o.namespace, volume.labels),
        annotations: pending
          ? {
              'volume.beta.kubernetes.io/storage-provisioner':
                'ebs.csi.aws.com',
              'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
            }
          : {
              'pv.kubernetes.io/bind-completed': 'yes',
              'pv.kubernetes.io/bound-by-controller': 'yes',
              'volume.kubernetes.io/selected-node':
                'ip-10-0-12-187.ec2.internal',
              'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
            },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: gibibytes(requested) } },
        storageClassName: className,
        volumeMode: 'Filesystem',
        ...(pending
          ? {}
          : {
              volumeName: `pvc-${stableUid(`${o.release}/${volume.name}/pv`)}`,
            }),
      },
      status: pending
        ? { phase: 'Pending' }
        : {
            phase: faulty === 'lost' ? 'Lost' : 'Bound',
            accessModes: ['ReadWriteOnce'],
            capacity: { storage: gibibytes(capacity) },
          },
    });
    if (pending) {
      const waiting = faulty === 'pending-wait-for-consumer';
      const reason = waiting ? 'WaitForFirstConsumer' : 'ProvisioningFailed';
      api.put({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: o.common(
          `${volume.name}.${hex(`${o.release}/${volume.name}/event`, 16)}`,
          o.namespace,
          {},
          shift(o.now, -300),
        ),
        involvedObject: {
          kind: 'PersistentVolumeClaim',
          namespace: o.namespace,
          name: volume.name,
          uid: pvc.metadata.uid,
          apiVersion: 'v1',
          resourceVersion: pvc.metadata.resourceVersion,
        },
        reason,
        message: waiting
          ? 'waiting for first consumer to be created before binding'
          : `failed to provision volume with StorageClass "${immediateClass}": failed to get plugin from volumeSource: no volume plugin matched name: kubernetes.io/aws-ebs`,
        source: { component: 'persistentvolume-controller' },
        firstTimestamp: kubernetesTime(shift(o.now, -1800)),
        lastTimestamp: kubernetesTime(shift(o.now, -15)),
        count: 121,
        type: waiting ? 'Normal' : 'Warning',
        reportingComponent: 'persistentvolume-controller',
        reportingInstance: '',
      });
    }
  }
}
