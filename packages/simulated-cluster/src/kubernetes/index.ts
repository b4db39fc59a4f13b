export { ERROR_PAGE_SECRET, FakeKubernetesApi } from './FakeKubernetesApi';
export type {
  FakeFault,
  FakeKubernetesApiOptions,
  FakeKubernetesApiStats,
  KubeObject,
} from './FakeKubernetesApi';
export { formatRfc3339Nano } from './podLogs';
