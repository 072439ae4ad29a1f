import { createWriteStream, existsSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { WorkerInvocation } from './kcapi-worker.js';

/** A job the server can end early (cancel, stop). */
export interface RunningJob {
  kill(): void;
}

/** What a started warm run gives back: a handle to end it, and its exit status when done. */
export interface WarmRun extends RunningJob {
  readonly status: Promise<number>;
}

/** Exit status reported for a run ended by kill(), as for a job killed with SIGKILL. */
export const killedStatus = 128 + 9;

/**
 * Runs kcapi invocations in worker threads of the guest server instead of new processes.
 * Under emulation a Node process takes over a second to start; a worker that has loaded the
 * bundled CLI before its invocation arrives runs a short one in a fraction of that. One
 * spare worker is kept ready; each run takes it and starts the next. Worker threads share
 * the process's working directory, so the server runs at one time only invocations of one
 * directory here (see `enterDirectory`), and any other in a process of its own.
 */
export class WarmKcapi {
  #spare: Promise<Worker> | undefined;
  /** The bundle the spare loaded: a rebuild on the host replaces the files it would load later. */
  #spareBuild = '';
  #cwd: string | undefined;
  #active = 0;

  private constructor(
    private readonly entry: string,
    private readonly bundle: string,
  ) {}

  /** Undefined when the worker entry or the bundled CLI is not built. */
  static create(entry: string, bundle: string): WarmKcapi | undefined {
    return existsSync(entry) && existsSync(bundle) ? new WarmKcapi(entry, bundle) : undefined;
  }

  /** Starts the spare worker now, so that the first invocation finds it ready. */
  prepare(): void {
    if (this.#spare !== undefined) return;
    const spare = this.#startWorker();
    spare.catch(() => {
      if (this.#spare === spare) this.#spare = undefined;
    });
    this.#spare = spare;
    this.#spareBuild = this.#build();
  }

  #build(): string {
    try {
      const { ino, mtimeMs, size } = statSync(this.bundle);
      return `${ino}:${mtimeMs}:${size}`;
    } catch {
      return '';
    }
  }

  /**
   * Makes `cwd` the process's working directory for an invocation about to run here, unless
   * one of another directory is running; false then (or if `cwd` does not exist).
   */
  enterDirectory(cwd: string): boolean {
    if (this.#active > 0) return this.#cwd === cwd;
    try {
      process.chdir(cwd);
    } catch {
      return false;
    }
    this.#cwd = cwd;
    return true;
  }

  /** Runs one invocation (call enterDirectory first) with its output going to the two files. */
  async run(invocation: WorkerInvocation, stdoutPath: string, stderrPath: string): Promise<WarmRun> {
    this.#active += 1;
    let worker: Worker;
    try {
      if (this.#spare !== undefined && this.#spareBuild !== this.#build()) this.close();
      this.prepare();
      const spare = this.#spare as Promise<Worker>;
      this.#spare = undefined;
      worker = await spare;
      this.prepare();
    } catch (error) {
      this.#active -= 1;
      throw error;
    }
    let killed = false;
    const stdout = createWriteStream(stdoutPath);
    const stderr = createWriteStream(stderrPath);
    worker.stdout.pipe(stdout);
    worker.stderr.pipe(stderr);
    const failures: string[] = [];
    worker.on('error', (error) => failures.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    const status = (async (): Promise<number> => {
      const [code] = (await once(worker, 'exit')) as [number];
      await Promise.all([finished(stdout), finished(stderr)]);
      this.#active -= 1;
      if (killed) return killedStatus;
      if (failures.length > 0) {
        await appendText(stderrPath, `kcapi: the guest worker failed: ${failures.join('\n')}\n`);
        return code === 0 ? 1 : code;
      }
      return code;
    })();
    worker.postMessage(invocation);
    return {
      status,
      kill: () => {
        killed = true;
        void worker.terminate();
      },
    };
  }

  /** Ends the spare worker (the server is stopping). */
  close(): void {
    const spare = this.#spare;
    this.#spare = undefined;
    void spare?.then((worker) => worker.terminate()).catch(() => {});
  }

  #startWorker(): Promise<Worker> {
    const worker = new Worker(this.entry, { workerData: { bundle: this.bundle }, stdout: true, stderr: true });
    return new Promise((resolve, reject) => {
      const fail = (reason: unknown): void =>
        reject(reason instanceof Error ? reason : new Error(`the warm kcapi worker ended before it was ready (${String(reason)})`));
      worker.once('error', fail);
      worker.once('exit', fail);
      worker.once('message', () => {
        worker.off('error', fail);
        worker.off('exit', fail);
        resolve(worker);
      });
    });
  }
}

async function finished(stream: Writable): Promise<void> {
  if (stream.writableFinished || stream.destroyed) return;
  await once(stream, 'close').catch(() => {});
}

async function appendText(path: string, text: string): Promise<void> {
  await appendFile(path, text).catch(() => {});
}
