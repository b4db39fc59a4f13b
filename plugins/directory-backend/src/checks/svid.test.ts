import { FakeKubernetesApi } from '@directory-ops/simulated-cluster';
import {
  apiserverPod,
  memoryLogStates,
  minutesAgo,
  NAMESPACE,
  testCheckContext,
} from '../__testUtils__/cluster';
import { SvidLogTracker } from '../cluster/SvidLogTracker';
import { svidCheck } from './svid';

// The first test pays for starting the fakes and loading client-node on a busy machine.
jest.setTimeout(60_000);

let podCount = 0;
let POD = '';
const SUCCESS =
  'time=2026-11-28T01:00:00Z level=INFO msg="Successfully obtained valid X509-SVID for server" component=authn spiffe_id=spiffe://dir.acme.com/ns/dir-prod/sa/dir-apiserver';
const FAILURE =
  'time=2026-11-28T01:00:00Z level=ERROR msg="Failed to get valid X509-SVID for server after retries" component=authn';
const NO_URI_SAN =
  'time=2026-11-28T01:00:00Z level=WARN msg="SVID obtained but lacks URI SAN, retrying" error="certificate contains no URI SAN (SPIFFE ID)"';

describe('svid check', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterAll(() => api.close());
  beforeEach(() => {
    // Each test gets its own pod, since the fake keeps logs per pod name.
    api.remove('Pod', NAMESPACE, POD);
    POD = `dir-apiserver-7d9f8-${++podCount}`;
  });

  function log(line: string, secondsAgo: number) {
    api.appendPodLog(
      NAMESPACE,
      POD,
      'apiserver',
      line,
      new Date(Date.now() - secondsAgo * 1000),
    );
  }

  it('is ok when the latest SVID line is a success', async () => {
    api.put(apiserverPod({ name: POD }));
    log(FAILURE, 30);
    log(SUCCESS, 20);
    log('level=INFO msg="Server starting"', 10);
    const verdict = await svidCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({ status: 'ok' });
  });

  it('is an error when a failure came after the last success', async () => {
    api.put(apiserverPod({ name: POD }));
    log(SUCCESS, 30);
    log(FAILURE, 20);
    const verdict = await svidCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('Failed to get valid X509-SVID'),
    });
    expect(verdict?.remediation).toContain('useCSIDriver');
  });

  it('is an error on "certificate contains no URI SAN"', async () => {
    api.put(apiserverPod({ name: POD }));
    log(NO_URI_SAN, 20);
    const verdict = await svidCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('certificate contains no URI SAN'),
    });
  });

  it('is an error when there was never a success', async () => {
    api.put(apiserverPod({ name: POD }));
    log('level=INFO msg="Server starting"', 10);
    const verdict = await svidCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('never logged'),
    });
  });

  it('is an error when no apiserver pod is running', async () => {
    api.put(apiserverPod({ name: POD, phase: 'Pending' }));
    const verdict = await svidCheck.run(testCheckContext(api));
    expect(verdict).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('No apiserver pod is running'),
    });
  });

  it('reads only new log lines, within a byte limit, and keeps the verdict of a quiet log', async () => {
    api.put(apiserverPod({ name: POD, startedAt: minutesAgo(10) }));
    for (let i = 0; i < 200; i++) {
      log(
        `level=INFO msg="request served" n=${i} ${'x'.repeat(100)}`,
        120 - i * 0.1,
      );
    }
    log(SUCCESS, 60);
    const svidLogs = new SvidLogTracker({
      limitBytes: 64 * 1024,
      states: memoryLogStates(),
    });

    api.stats.reset();
    const first = await svidCheck.run(testCheckContext(api, { svidLogs }));
    expect(first?.status).toBe('ok');
    const firstBytes = api.stats.logBytesServed;
    expect(firstBytes).toBeGreaterThan(20_000);

    api.stats.reset();
    const second = await svidCheck.run(testCheckContext(api, { svidLogs }));
    expect(second?.status).toBe('ok');
    // Only the last second or two is read again, not the whole log.
    expect(api.stats.logBytesServed).toBeLessThan(1_000);

    log(FAILURE, 0);
    const third = await svidCheck.run(testCheckContext(api, { svidLogs }));
    expect(third?.status).toBe('error');
  });

  it('stops at the byte limit and continues from there on the next poll', async () => {
    api.put(apiserverPod({ name: POD, startedAt: minutesAgo(10) }));
    log(FAILURE, 300);
    for (let i = 0; i < 50; i++) {
      log(`level=INFO msg="request served" n=${i} ${'x'.repeat(100)}`, 250 - i);
    }
    log(SUCCESS, 30);
    const svidLogs = new SvidLogTracker({
      limitBytes: 2048,
      states: memoryLogStates(),
    });
    api.stats.reset();
    const first = await svidCheck.run(testCheckContext(api, { svidLogs }));
    expect(first?.status).toBe('error');
    expect(api.stats.logBytesServed).toBeLessThanOrEqual(2048);
    let verdict = first;
    for (let poll = 0; poll < 10 && verdict?.status !== 'ok'; poll++) {
      verdict = await svidCheck.run(testCheckContext(api, { svidLogs }));
    }
    expect(verdict?.status).toBe('ok');
  });
});
