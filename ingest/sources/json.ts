import { fromJsonObject } from './papers';
import { type Lines, type SourceItem, wholeText } from './types';

/**
 * A JSON document holding a list of papers, as the scholarly APIs answer: an OpenAlex works page
 * (`{"meta": …, "results": [work, …]}`), a Semantic Scholar batch (`[paper, …]`) or search page
 * (`{"data": [paper, …]}`). An API page is bounded in size, so it is parsed whole; its records are located by
 * their position in the list (`entry`).
 */
export async function* readJsonDocument(lines: Lines): AsyncGenerator<SourceItem> {
  let document: unknown;
  try {
    document = JSON.parse(await wholeText(lines));
  } catch (err) {
    yield { kind: 'rejected', line: 1, reason: `malformed JSON document: ${(err as Error).message}` };
    return;
  }
  const body = document as Record<string, unknown> | null;
  const list = Array.isArray(document)
    ? document
    : Array.isArray(body?.results)
      ? body.results
      : Array.isArray(body?.data)
        ? body.data
        : undefined;
  if (!list) {
    yield {
      kind: 'rejected',
      line: 1,
      reason: 'a JSON document must be a list of papers, or an object with a "results" (OpenAlex) or "data" list',
    };
    return;
  }
  for (const [i, value] of list.entries()) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'rejected', line: 1, entry: i + 1, reason: 'expected a JSON object for a paper' };
      continue;
    }
    yield { kind: 'record', line: 1, entry: i + 1, raw: fromJsonObject(value as Record<string, unknown>) };
  }
}
