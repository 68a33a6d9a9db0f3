import { XMLParser } from 'fast-xml-parser';
import { type Lines, type SourceItem, wholeText } from './types';

/**
 * An arXiv API response (an Atom feed: `export.arxiv.org/api/query?…`). A response page is bounded (the API serves
 * at most 2,000 entries a page), so it is parsed whole with fast-xml-parser; each entry keeps the line it starts on.
 */
export function looksLikeAtom(head: string): boolean {
  return /<feed[\s>]/.test(head) && head.includes('http://www.w3.org/2005/Atom');
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v && typeof v === 'object' ? (v as { '#text'?: string })['#text'] : undefined;

export async function* readAtom(lines: Lines): AsyncGenerator<SourceItem> {
  const text = await wholeText(lines);
  const entryLines = [...text.matchAll(/<entry[\s>]/g)].map((m) => text.slice(0, m.index).split('\n').length);
  let feed: Record<string, unknown>;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
      processEntities: true,
    });
    feed = (parser.parse(text, true) as { feed?: Record<string, unknown> }).feed ?? {};
  } catch (err) {
    yield { kind: 'rejected', line: 1, reason: `malformed XML: ${(err as Error).message.split('\n')[0]}` };
    return;
  }
  for (const [i, value] of asList(feed.entry).entries()) {
    const entry = value as Record<string, unknown>;
    const line = entryLines[i] ?? 1;
    const id = textOf(entry.id) ?? '';
    if (id.includes('arxiv.org/api/errors')) {
      yield { kind: 'rejected', line, reason: `the arXiv API answered an error: ${textOf(entry.summary) ?? id}` };
      continue;
    }
    const links = asList(entry.link) as Record<string, string>[];
    yield {
      kind: 'record',
      line,
      raw: {
        arxiv_id: id.replace(/^https?:\/\/arxiv\.org\/abs\//, '') || undefined,
        doi: textOf(entry['arxiv:doi']),
        title: textOf(entry.title),
        abstract: textOf(entry.summary),
        authors: asList(entry.author).map((a) => textOf((a as Record<string, unknown>).name) ?? ''),
        year: textOf(entry.published)?.slice(0, 4),
        venue: textOf(entry['arxiv:journal_ref']),
        url: links.find((l) => l['@rel'] === 'alternate')?.['@href'] ?? (id || undefined),
        keywords: (asList(entry.category) as Record<string, string>[]).map((c) => c['@term']).filter(Boolean),
      },
    };
  }
}
