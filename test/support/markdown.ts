/** A fenced code block of a Markdown page: its info string, its content and the line its content starts on. */
export interface CodeBlock {
  lang: string;
  code: string;
  line: number;
}

/** The fenced (```) code blocks of a Markdown page, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => ({
    lang: m[1],
    code: m[2],
    line: markdown.slice(0, m.index).split('\n').length + 1,
  }));
}
