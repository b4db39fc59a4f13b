/**
 * The status of the apiserver pod as the kubelet reports it.
 */
import { APISERVER_IMAGE, hex } from './chart';
import { kubernetesTime, shift } from './kubernetesTime';

/** Pod `status` for a container started at `startedAt`. */
export function podStatus(
  startedAt: Date,
  state: 'ready' | 'not-ready' | 'pending',
) {
  const started = kubernetesTime(startedAt);
  const readyAt = kubernetesTime(shift(startedAt, 11));
  const containerId = `containerd://${hex(
    `container/${startedAt.getTime()}`,
    64,
  )}`;
  const imageID = `ghcr.io/agntcy/dir-apiserver@sha256:${hex('image', 64)}`;
  if (state === 'pending') {
    return {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodReadyToStartContainers',
          status: 'False',
          lastTransitionTime: started,
        },
        { type: 'Initialized', status: 'True', lastTransitionTime: started },
        {
          type: 'Ready',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [apiserver]',
          lastTransitionTime: started,
        },
        {
          type: 'ContainersReady',
          status: 'False',
          reason: 'ContainersNotReady',
          message: 'containers with unready status: [apiserver]',
          lastTransitionTime: started,
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: started },
      ],
      hostIP: '10.0.12.187',
      startTime: started,
      containerStatuses: [
        {
          name: 'apiserver',
          ready: false,
          started: false,
          restartCount: 0,
          image: APISERVER_IMAGE,
          imageID: '',
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
      qosClass: 'BestEffort',
    };
  }
  const ready = state === 'ready';
  const readiness = ready
    ? { status: 'True', lastTransitionTime: readyAt }
    : {
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [apiserver]',
        lastTransitionTime: started,
      };
  return {
    phase: 'Running',
    conditions: [
      {
        type: 'PodReadyToStartContainers',
        status: 'True',
        lastTransitionTime: started,
      },
      { type: 'Initialized', status: 'True', lastTransitionTime: started },
      { type: 'Ready', ...readiness },
      { type: 'ContainersReady', ...readiness },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: started },
    ],
    hostIP: '10.0.12.187',
    podIP: '10.0.13.42',
    podIPs: [{ ip: '10.0.13.42' }],
    startTime: started,
    containerStatuses: [
      {
        name: 'apiserver',
        ready,
        started: true,
        restartCount: 0,
        image: APISERVER_IMAGE,
        imageID,
        containerID: containerId,
        state: { running: { startedAt: started } },
      },
    ],
    qosClass: 'BestEffort',
  };
}
