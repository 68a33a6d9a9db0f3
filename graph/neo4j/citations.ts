import neo4j, { type ManagedTransaction, type QueryResult } from 'neo4j-driver';
import type { Rows } from '../base';
import type { CitationCounts, PaperKeyHit, PaperLinks, PaperWrite, SharedCitations } from '../store';
import { run } from './connection';
import { Neo4jKnowledge } from './knowledge';

const ids = (result: QueryResult) => result.records.map((r) => r.get('id') as string);

/**
 * Identity and citations in Neo4j (statements.ts). CITES edges are derived as in graph/sqlite/citations.ts: after
 * every write, the references of every paper the write can change are resolved again.
 */
export abstract class Neo4jCitations extends Neo4jKnowledge {
  /** Writes the links of a batch and resolves what they change; runs inside `writePapers`' transaction. */
  protected async writeLinks(tx: ManagedTransaction, writes: PaperWrite[]): Promise<void> {
    const written = writes.map((w) => w.paper.id);
    const affected = new Set([...written, ...ids(await run(tx, 'citersOf', { ids: written }))]);
    await run(tx, 'writeOwnKeys', { ids: written });
    const rows = writes
      .filter((w) => w.links)
      .map(({ paper, links }) => ({
        id: paper.id,
        aliases: links!.aliases,
        titleKey: links!.titleKey,
        refs: JSON.stringify(links!.references),
        keys: [
          ...links!.aliases.map((key) => ({ key, kind: key.startsWith('title:') ? 'title' : 'id' })),
          ...(links!.titleKey ? [{ key: links!.titleKey, kind: 'title' }] : []),
        ],
        references: links!.references.flatMap((keys, ord) => keys.map((key) => ({ ord: neo4j.int(ord), key }))),
      }));
    if (rows.length) await run(tx, 'writeLinks', { rows });
    for (const id of ids(await run(tx, 'citersByKey', { ids: written }))) affected.add(id);
    await run(tx, 'resolveCitations', { ids: [...affected] });
  }

  /**
   * Deletes papers being removed with their keys, references and CITES edges (and every other relationship), and
   * resolves again the references of the other papers that cited them; runs inside `removePapers`' transaction.
   */
  protected async deleteWithLinks(tx: ManagedTransaction, removed: string[]): Promise<void> {
    const gone = new Set(removed);
    const citers = ids(await run(tx, 'citersOf', { ids: removed })).filter((id) => !gone.has(id));
    const result = await run(tx, 'deletePapers', { ids: removed });
    const keys = [...new Set(result.records.flatMap((r) => r.get('keys') as string[]))];
    await run(tx, 'deleteUnusedPaperKeys', { keys });
    await run(tx, 'resolveCitations', { ids: citers });
  }

  async findPaperKeys(keys: string[]): Promise<PaperKeyHit[]> {
    const result = await this.read((tx) => run(tx, 'findPaperKeys', { keys }));
    return result.records.map((r) => ({ key: r.get('key'), paperId: r.get('paperId'), kind: r.get('kind') }));
  }

  async resolvePaperIds(list: string[]): Promise<Map<string, string>> {
    const result = await this.read((tx) => run(tx, 'resolvePaperIds', { ids: list }));
    return new Map(result.records.map((r) => [r.get('id') as string, r.get('paperId') as string]));
  }

  async paperLinks(list: string[]): Promise<Map<string, PaperLinks>> {
    const result = await this.read((tx) => run(tx, 'paperLinks', { ids: list }));
    return new Map(
      result.records.map((r) => [
        r.get('id') as string,
        {
          aliases: (r.get('aliases') as string[] | null) ?? [],
          titleKey: r.get('titleKey') as string | null,
          references: JSON.parse(r.get('refs') as string) as string[][],
        },
      ]),
    );
  }

  protected async citationRows(
    paperId: string,
    direction: 'references' | 'citedBy',
    after: string | undefined,
    limit: number,
  ): Promise<Rows<string>> {
    const [count, page] = direction === 'references' ? (['countReferences', 'references'] as const) : (['countCitedBy', 'citedBy'] as const);
    const [total, rows] = await this.read(async (tx) => [
      await run(tx, count, { paperId }),
      ids(await run(tx, page, { paperId, after: after ?? '', limit: neo4j.int(limit) })),
    ] as const);
    return { rows, totalCount: total.records[0].get('total') as number };
  }

  async citationCounts(list: string[]): Promise<Map<string, CitationCounts>> {
    const result = await this.read((tx) => run(tx, 'citationCounts', { ids: list }));
    return new Map(
      result.records.map((r) => [
        r.get('id') as string,
        { references: r.get('references'), citedBy: r.get('citedBy'), unresolved: r.get('unresolved') },
      ]),
    );
  }

  async sharedCitations(paperId: string, kind: 'coupling' | 'cocitation', first: number): Promise<SharedCitations[]> {
    const statement = kind === 'coupling' ? 'couplingPapers' : 'cocitedPapers';
    const result = await this.read((tx) => run(tx, statement, { paperId, limit: neo4j.int(first) }));
    return result.records.map((r) => ({ id: r.get('id'), shared: r.get('shared'), count: r.get('citations') }));
  }
}
