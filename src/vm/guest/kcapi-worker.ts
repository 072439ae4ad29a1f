/**
 * One kcapi invocation in a worker thread of the persistent guest's server (see warm-kcapi.ts).
 * Started ahead of time with the bundled CLI loaded; says "ready", waits for its invocation,
 * runs it with exactly the environment given, and ends with the CLI's exit status.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

export interface WorkerInvocation {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

interface CliBundle {
  main(argv: readonly string[]): Promise<number>;
  preloadCompatible(): Promise<void>;
  useStdoutStream(): void;
}

const port = parentPort;
if (port === null) throw new Error('kcapi-worker.js runs as a worker thread of the guest server');
const cli = createRequire(import.meta.url)((workerData as { bundle: string }).bundle) as CliBundle;
cli.useStdoutStream();
await cli.preloadCompatible();
port.once('message', (invocation: WorkerInvocation) => {
  port.close();
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, invocation.env);
  void cli.main(invocation.argv).then((status) => {
    process.exitCode = status;
  });
});
port.postMessage('ready');
