/** A record as a source read it: field values not yet validated. */
export type RawPaper = Record<string, unknown>;

/** A line of the input, or why it cannot be read (not UTF-8, too long). */
export type NumberedLine = { line: number; text: string } | { line: number; rejected: string };
/**
 * Where a record sits in its input: its (first) line, and for a JSON document holding a list of papers (an OpenAlex
 * page, a Semantic Scholar batch) its 1-based position in that list, since one line may hold them all.
 */
export interface Location {
  line: number;
  entry?: number;
}

export type SourceItem =
  | ({ kind: 'record'; raw: RawPaper } & Location)
  | ({ kind: 'rejected'; reason: string } & Location);

/** A problem with the whole input (unreadable, empty, binary, unknown format): nothing in it can be read. */
export class SourceError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = 'SourceError';
  }
}

/** Numbered lines of a text input. */
export type Lines = AsyncIterable<{ line: number; text: string }>;

/** The whole text of numbered lines (for formats read as one document). */
export async function wholeText(lines: Lines): Promise<string> {
  const parts: string[] = [];
  for await (const { text } of lines) parts.push(text);
  return parts.join('\n');
}
