import { fromJsonObject } from './papers';
import type { NumberedLine, SourceItem } from './types';

/**
 * JSON Lines: one object per line: litgraph's own fields (id, title, abstract, authors, year, venue, url, keywords),
 * an OpenAlex work, or a Semantic Scholar Graph API paper. A line that cannot be read is a rejection at its number.
 */
export async function* readJsonl(lines: AsyncIterable<NumberedLine>): AsyncGenerator<SourceItem> {
  for await (const numbered of lines) {
    const { line } = numbered;
    if ('rejected' in numbered) {
      yield { kind: 'rejected', line, reason: numbered.rejected };
      continue;
    }
    const { text } = numbered;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { kind: 'rejected', line, reason: `malformed JSON: ${(err as Error).message}` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'rejected', line, reason: 'expected a JSON object with "title" and "abstract"' };
      continue;
    }
    yield { kind: 'record', line, raw: fromJsonObject(value as Record<string, unknown>) };
  }
}
