import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { spawnSyncWithin } from '../support/child';

test('the committed resolver types match schema/*.graphql (else run `npm run codegen`)', () => {
  const codegen = path.join(PROJECT_ROOT, 'node_modules/.bin/graphql-codegen');
  // --check generates in memory and exits 1, naming the file, when the committed one differs.
  const run = spawnSyncWithin(codegen, ['--config', 'codegen.ts', '--check'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect({ status: run.status, stale: /stale files/.test(run.stdout + run.stderr) }).toEqual({ status: 0, stale: false });
});
