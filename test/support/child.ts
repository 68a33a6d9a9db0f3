import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';

/** How long a test waits on one child process (a CLI run, a server to start or stop) before it gives up. */
export const CHILD_TIMEOUT_MS = 120_000;

/**
 * `promise`, or, once `ms` have passed, a rejection that says what the test was waiting for (and `detail()`, such as
 * the child's output so far). Every wait on a child process or a server goes through this or `spawnSyncWithin`.
 */
export function within<T>(ms: number, what: string, promise: Promise<T>, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const more = detail?.();
      reject(new Error(`gave up after ${ms / 1000}s waiting for ${what}${more ? `\n${more}` : ''}`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * spawnSync with a time limit (a synchronous wait cannot be ended by jest's test timeout): a child still running
 * after `timeout` ms is killed, and the call throws saying which command it waited for, with its output.
 */
export function spawnSyncWithin(
  command: string,
  args: string[],
  options: SpawnSyncOptionsWithStringEncoding,
): SpawnSyncReturns<string> {
  const timeout = options.timeout ?? CHILD_TIMEOUT_MS;
  const result = spawnSync(command, args, { ...options, timeout, killSignal: 'SIGKILL' });
  if (result.error) {
    const why =
      (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
        ? `still running after ${timeout / 1000}s, killed`
        : result.error.message;
    throw new Error(`${[command, ...args].join(' ')}: ${why}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result;
}
