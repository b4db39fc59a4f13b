/**
 * Starts what the browser e2e runs against: the simulated cluster, and the
 * app plus backend with the demo config, exactly as ./scripts/start does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export interface Stack {
  appUrl: string;
  backendUrl: string;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await sleep(2000);
  }
  throw new Error(`${what} did not come up at ${url} within ${timeoutMs / 1000}s: ${lastError}`);
}

/** Starts ./scripts/start (demo) and waits until app and backend answer. */
export async function startStack(repoRoot: string, artifactsDir: string): Promise<Stack> {
  const log = createWriteStream(join(artifactsDir, 'stack.log'));
  const child: ChildProcess = spawn(join(repoRoot, 'scripts/start'), [], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none' },
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (child.pid) {
      // The whole process group: scripts/start, the simulated cluster, the
      // app's dev server and the backend.
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      signalGroup('SIGTERM');
      for (let i = 0; i < 20 && !exited; i++) await sleep(500);
      await sleep(2000);
      signalGroup('SIGKILL');
    }
    log.end();
  };
  try {
    await waitForHttp('http://localhost:7007/.backstage/health/v1/readiness', 600_000, 'The backend');
    await waitForHttp('http://localhost:3000', 600_000, 'The app');
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl: 'http://localhost:3000', backendUrl: 'http://localhost:7007', stop };
}
