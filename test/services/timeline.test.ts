import fs from 'node:fs';
import path from 'node:path';
import { SqliteGraphStore } from '../../graph/sqlite/store';
import { ingest } from '../../ingest/pipeline';
import { openSource } from '../../ingest/sources';
import { KnowledgeService } from '../../src/services/knowledge';
import { tempDir } from '../support/fixtures';

// Papers per year of a concept and of a method (Concept.timeline, Method.timeline), over a real store.

const tmp = tempDir();
const store = new SqliteGraphStore(path.join(tmp.dir, 'timeline.db'));
const service = new KnowledgeService(store);

const paper = (id: string, year: number | undefined, title: string) => ({
  id,
  title,
  abstract: `${title}. We study mixture of experts (MoE) layers for sparse language models and compare against dense baselines.`,
  ...(year ? { year } : {}),
});

beforeAll(async () => {
  const file = path.join(tmp.dir, 'papers.jsonl');
  const papers = [
    paper('a', 2019, 'RouteNet: routing tokens in a mixture of experts'),
    paper('b', 2021, 'SwitchNet: a mixture of experts with one expert per token'),
    paper('c', 2021, 'GateNet: balanced gating for mixture of experts'),
    paper('d', 2023, 'ShardNet: a mixture of experts across devices'),
    paper('e', undefined, 'YearlessNet: a mixture of experts without a date'),
  ];
  fs.writeFileSync(file, papers.map((p) => JSON.stringify(p)).join('\n'));
  const source = await openSource(file);
  await ingest(source.name, source.items, store, { batchSize: 8, embedder: null });
});
afterAll(async () => {
  await store.close();
  tmp.cleanup();
});

test('a concept timeline counts its papers per year, oldest first, leaving out papers without a year', async () => {
  const moe = await service.concept('MoE');
  expect(moe).not.toBeNull();
  expect(moe!.paperCount).toBe(5);
  expect(await service.conceptTimeline(moe!.key)).toEqual([
    { year: 2019, papers: 1 },
    { year: 2021, papers: 2 },
    { year: 2023, papers: 1 },
  ]);
});

test('a method timeline counts the papers that propose, use or compare against it', async () => {
  const method = await service.method('SwitchNet');
  expect(method).not.toBeNull();
  expect(await service.methodTimeline(method!.key)).toEqual([{ year: 2021, papers: 1 }]);
  expect(await service.conceptTimeline('no such concept')).toEqual([]);
});
