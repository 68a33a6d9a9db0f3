/** A record as a source read it: field values not yet validated. */
export type RawPaper = Record<string, unknown>;

/** A line of the input, or why it cannot be read (not UTF-8, too long). */
export type NumberedLine = { line: number; text: string } | { line: number; rejected: string };

export type SourceItem =
  | { kind: 'record'; line: number; raw: RawPaper }
  | { kind: 'rejected'; line: number; reason: string };

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
