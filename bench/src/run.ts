/**
 * `yarn bench`: Directory Ops against the Backstage Kubernetes plugin on the
 * simulated cluster. Prints a markdown table with the targets beside the
 * figures. `--smoke` runs a tiny fleet (10 instances) so CI keeps it working.
 *
 *   yarn bench [--smoke] [--instances 1000] [--clusters 20] [--latency 100] [--samples 1000]
 *              [--large-instances 10000] [--large-clusters 200]
 */
import { benchCardData } from './cardData';
import { benchEventLoop } from './eventLoop';
import { benchFleetQuery } from './fleetQuery';
import { benchGeneration } from './generation';
import { benchEndlessList, benchPollCycle } from './pollCycle';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`--${name} must be a non-negative number`);
  }
  return value;
}

const smoke = process.argv.includes('--smoke');
const instances = flag('instances', smoke ? 10 : 1000);
const clusters = flag('clusters', smoke ? 2 : 20);
const latencyMs = flag('latency', 100);
const samples = flag('samples', smoke ? 20 : 1000);
const largeInstances = flag('large-instances', smoke ? 20 : 10000);
const largeClusters = flag('large-clusters', smoke ? 4 : 200);

const fmt = (n: number, digits = 1) => n.toFixed(digits);

interface Row {
  measure: string;
  figure: string;
  target: string;
  met?: boolean;
}

function verdict(row: Row): string {
  if (row.met === undefined) return '';
  return row.met ? 'met' : '**falls short**';
}

async function main() {
  const rows: Row[] = [];

  const card = await benchCardData({ latencyMs, samples });
  const ratioP99 = card.kubernetes.p99 / card.directory.p99;
  const ratioP50 = card.kubernetes.p50 / card.directory.p50;
  rows.push(
    {
      measure: 'Card data p50 / p99, Directory Ops `GET /api/directory/health`',
      figure: `${fmt(card.directory.p50)} / ${fmt(card.directory.p99)} ms`,
      target: '',
    },
    {
      measure: `Card data p50 / p99, Kubernetes plugin \`POST /api/kubernetes/services/:entity\` (${card.kubernetesRequestsPerCall} API requests a call)`,
      figure: `${fmt(card.kubernetes.p50)} / ${fmt(card.kubernetes.p99)} ms`,
      target: '',
    },
    {
      measure:
        'Card data speed-up (Kubernetes plugin ÷ Directory Ops), p50 / p99',
      figure: `${fmt(ratioP50)}× / ${fmt(ratioP99)}×`,
      target: 'p99 ≥ 50×',
      met: ratioP99 >= 50,
    },
  );

  const poll = await benchPollCycle({
    instanceCount: instances,
    clusterCount: clusters,
    latencyMs,
    heapCycles: smoke ? 2 : 10,
  });
  const logRatio =
    poll.logBytesWritten === 0 ? 0 : poll.logBytesRead / poll.logBytesWritten;
  rows.push(
    {
      measure: `Poll cycle, ${poll.instances} instances on ${poll.clusters} clusters (first / steady)`,
      figure: `${fmt(poll.firstCycleMs / 1000, 2)} / ${fmt(
        poll.steadyCycleMs / 1000,
        2,
      )} s`,
      target: instances >= 1000 ? 'steady ≤ 5 s' : 'steady ≤ 5 s at 1,000',
      met: poll.steadyCycleMs <= 5_000,
    },
    {
      measure: 'Kubernetes API requests per instance in a steady cycle',
      figure: fmt(poll.requestsPerInstance, 2),
      // A cluster's lists are shared by its instances: a tiny fleet has too
      // few instances a cluster for the figure to mean anything.
      target: instances >= 1000 ? '≤ 1.5' : '≤ 1.5 at 1,000',
      met: instances >= 1000 ? poll.requestsPerInstance <= 1.5 : undefined,
    },
    {
      measure: `JS heap growth over ${poll.heapGrowth?.cycles} more steady cycles (after a full collection, from the fourth cycle on)`,
      figure: `${fmt(poll.heapGrowth?.mib ?? 0)} MiB`,
      target: '≤ 2 MiB',
      met: (poll.heapGrowth?.mib ?? 0) <= 2,
    },
    {
      measure: 'Log bytes read ÷ bytes written since the last cycle',
      figure: `${fmt(logRatio, 2)} (${poll.logBytesRead} / ${
        poll.logBytesWritten
      } B)`,
      target: '≤ 2',
      met: logRatio <= 2,
    },
  );

  const large = await benchPollCycle({
    instanceCount: largeInstances,
    clusterCount: largeClusters,
    latencyMs,
  });
  rows.push(
    {
      measure: `Poll cycle, ${large.instances} instances on ${large.clusters} clusters, one replica (first / steady)`,
      figure: `${fmt(large.firstCycleMs / 1000, 2)} / ${fmt(
        large.steadyCycleMs / 1000,
        2,
      )} s`,
      target: largeInstances >= 10000 ? '≤ 30 s' : '≤ 30 s at 10,000',
      met: Math.max(large.firstCycleMs, large.steadyCycleMs) <= 30_000,
    },
    {
      measure: `Peak RSS up to the ${large.instances}-instance cycle (the backend; the fakes run in a process of their own)`,
      figure: `${fmt(large.peakRssMiB, 0)} MiB`,
      target: '≤ 1.5 GiB',
      met: large.peakRssMiB <= 1536,
    },
  );

  const endless = await benchEndlessList({ latencyMs });
  rows.push({
    measure: `RSS growth during a cycle while one cluster streams an endless list (cycle ${fmt(
      endless.cycleMs / 1000,
      2,
    )} s; svid: "${endless.summary.replace(/\|/g, '/')}")`,
    figure: `${fmt(endless.rssGrowthMiB, 0)} MiB`,
    target: '≤ 256 MiB',
    met: endless.rssGrowthMiB <= 256,
  });

  const eventLoop = await benchEventLoop({ latencyMs, cycles: smoke ? 1 : 5 });
  rows.push({
    measure: `Longest event-loop block while a cluster answers a list at the response cap (worst of ${
      eventLoop.cycles
    } cycles; without it: ${fmt(
      eventLoop.normalMaxMs,
    )} ms; longest garbage-collection pause with / without it: ${fmt(
      eventLoop.nearLimitMaxGcPauseMs,
    )} / ${fmt(eventLoop.normalMaxGcPauseMs)} ms)`,
    figure: `${fmt(eventLoop.nearLimitMaxMs)} ms`,
    target: '≤ 50 ms',
    met: eventLoop.nearLimitMaxMs <= 50,
  });

  const fleetQuery = await benchFleetQuery({
    instanceCount: instances,
    samples,
  });
  rows.push({
    measure: `Fleet page query p50 / p99, \`GET /api/directory/instances\` at ${fleetQuery.instances} instances: first page / search, filters and sort`,
    figure: `${fmt(fleetQuery.firstPage.p50)} / ${fmt(
      fleetQuery.firstPage.p99,
    )} ms; ${fmt(fleetQuery.filtered.p50)} / ${fmt(
      fleetQuery.filtered.p99,
    )} ms`,
    target: instances >= 1000 ? 'p99 < 50 ms' : 'p99 < 50 ms at 1,000',
    met: fleetQuery.firstPage.p99 < 50 && fleetQuery.filtered.p99 < 50,
  });

  const generation = await benchGeneration({ samples: smoke ? 5 : 50 });
  rows.push({
    measure: '`directory:deployment:generate`, one deployment, p50 / p99',
    figure: `${fmt(generation.p50)} / ${fmt(generation.p99)} ms`,
    target: '',
  });

  const lines = [
    `# Directory Ops benchmark${smoke ? ' (smoke)' : ''}`,
    '',
    `Injected Kubernetes API latency ${latencyMs} ms per request; ${samples} samples per latency figure; Node ${process.version}.`,
    '',
    '| measure | figure | target | |',
    '|---|---|---|---|',
    ...rows.map(
      r => `| ${r.measure} | ${r.figure} | ${r.target} | ${verdict(r)} |`,
    ),
  ];
  const short = rows.filter(r => r.met === false);
  lines.push(
    '',
    short.length === 0
      ? 'Every target is met.'
      : `Falls short: ${short.map(r => r.measure).join('; ')}.`,
  );
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
