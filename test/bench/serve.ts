import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

const CLI = path.join(PROJECT_ROOT, 'dist/src/cli.js');

/**
 * Starts the built `litgraph serve` for a benchmark: `url` resolves once it prints where it serves (rejects if it
 * exits first), `stop` sends SIGTERM and resolves with its exit code, `output` is what it printed so far.
 */
export function startServer(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [CLI, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`litgraph serve exited (${code}):\n${out}`)));
  });
  return { url, pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited), output: () => out };
}
