import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { CHILD_TIMEOUT_MS, within } from './child';

/** The built `litgraph` bin, as users run it (`npm test` builds it first). */
export const BIN = path.join(PROJECT_ROOT, 'dist/src/cli.js');

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills every server `serving` started that is still running: a test that failed half-way leaves none behind. */
export function killServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface Serving {
  url: string;
  output: () => string;
  /** Sends `signal` and waits (with a time limit) for the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Runs the bin until it prints the URL it serves at (or gives up after CHILD_TIMEOUT_MS, saying so). */
export async function serving(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, ...args], options);
  running.add(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const printed = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exit.then((code) => reject(new Error(`litgraph exited (${code}) before serving:\n${out}`)));
  });
  const what = `\`litgraph ${args.join(' ')}\` to print "serving at <url>"`;
  const url = await within(CHILD_TIMEOUT_MS, what, printed, () => `output so far:\n${out}`).catch((err: Error) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    url,
    output: () => out,
    stop: (signal) => {
      child.kill(signal);
      return within(CHILD_TIMEOUT_MS, `\`litgraph ${args.join(' ')}\` to exit after ${signal}`, exit, () => out);
    },
  };
}
