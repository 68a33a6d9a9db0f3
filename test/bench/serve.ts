import { spawn } from 'node:child_process';
import path from 'node:path';
import type { EmbedderOptions } from '../../ingest/embed';
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

/** The environment of a benchmark's `litgraph serve` on `db`: loopback, an ephemeral port, production mode. */
export function serverEnv(db: string, model: Pick<EmbedderOptions, 'modelDir' | 'model'>, apiKey: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LITGRAPH_MODEL_DIR: model.modelDir,
    LITGRAPH_EMBEDDING_MODEL: model.model,
    LITGRAPH_DB: db,
    LITGRAPH_HOST: '127.0.0.1',
    LITGRAPH_PORT: '0',
    LITGRAPH_API_KEY: apiKey,
    NODE_ENV: 'production',
  };
}
