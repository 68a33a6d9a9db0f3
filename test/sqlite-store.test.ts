import path from 'node:path';
import { SqliteGraphStore } from '../graph/sqlite/store';
import { describeGraphStoreContract } from './contract/graph-store';
import { tempDir } from './support/fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

describeGraphStoreContract('sqlite', async () => new SqliteGraphStore(path.join(tmp.dir, `store-${n++}.db`)));
