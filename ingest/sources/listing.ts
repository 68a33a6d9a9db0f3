import type { NumberedLine, SourceItem } from './types';

/**
 * A papers-listing page saved as text: a title line, then an abstract line, repeated. Page noise is dropped: the
 * "Get trending papers…" header lines and a "Subscribe" button label glued to the first title.
 */
const NOISE = /^Get trending papers in your email inbox/i;
const GLUED_BUTTON = /^Subscribe(?=[\p{Lu}\p{N}])/u;

/** An abstract line: long. A title never is. */
export function looksLikeAbstract(text: string): boolean {
  return text.length > 300;
}

/** A title line: short and not ending a sentence. An abstract (even a short one) ends with a full stop. */
function looksLikeTitle(text: string): boolean {
  return text.length <= 300 && !/[.!?]["'”’)]?$/.test(text);
}

/** True when the first lines of a text look like a listing: a title-like line followed by an abstract-like one. */
export function isListing(firstLines: string[]): boolean {
  const lines = firstLines.map((l) => l.trim()).filter((l) => l !== '' && !NOISE.test(l));
  return lines.length >= 2 && !looksLikeAbstract(lines[0]) && looksLikeAbstract(lines[1]);
}

export async function* readListing(lines: AsyncIterable<NumberedLine>): AsyncGenerator<SourceItem> {
  let title: { line: number; text: string } | undefined;
  for await (const numbered of lines) {
    const { line } = numbered;
    if ('rejected' in numbered) {
      yield { kind: 'rejected', line, reason: numbered.rejected };
      continue;
    }
    const text = numbered.text.trim();
    if (text === '' || NOISE.test(text)) continue;
    if (!title) {
      if (looksLikeAbstract(text)) {
        yield { kind: 'rejected', line, reason: 'an abstract line with no title line before it' };
      } else {
        title = { line, text: text.replace(GLUED_BUTTON, '') };
      }
      continue;
    }
    if (looksLikeTitle(text)) {
      yield { kind: 'rejected', line: title.line, reason: `missing abstract: line ${line} is another title` };
      title = { line, text };
      continue;
    }
    yield { kind: 'record', line: title.line, raw: { title: title.text, abstract: text } };
    title = undefined;
  }
  if (title) yield { kind: 'rejected', line: title.line, reason: 'missing abstract: the file ends after this title' };
}
