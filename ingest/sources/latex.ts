/**
 * LaTeX in BibTeX field values, turned into Unicode text: accent commands (`{\"u}`, `\'{e}`, `\c c`), the usual
 * letters (`\ss`, `\o`, `\aa`), escaped specials (`\&`, `\%`) and protective braces (`{BERT}`). Written here
 * because the maintained full converter (@retorquere/bibtex-parser's unicode2latex) needs Node 22 and litgraph
 * runs on Node 20; this covers what Zotero and JabRef write.
 */
const ACCENTS: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
  r: '\u030A',
};
const LETTERS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

/** Escaped characters that must survive brace stripping: held in private-use characters until the end. */
const HELD: [RegExp, string][] = [
  [/\\textbackslash(?:\{\}|(?![A-Za-z]))/g, '\\'],
  [/\\textasciitilde(?:\{\}|(?![A-Za-z]))/g, '~'],
  [/\\textasciicircum(?:\{\}|(?![A-Za-z]))/g, '^'],
  [/\\\{/g, '{'],
  [/\\\}/g, '}'],
];

export function latexToUnicode(text: string): string {
  const held = HELD.reduce((t, [pattern], i) => t.replace(pattern, String.fromCharCode(0xe000 + i)), text);
  return (
    held
      // Accent on a braced or bare letter, with the accent letter commands needing a space or a brace after them.
      .replace(/\\(['`^"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))/g, (_, a: string, b?: string, c?: string) =>
        accent(a, (b ?? c)!),
      )
      .replace(/\\([uvHckr])(?:\s*\{\s*(\\?[A-Za-z])\s*\}|\s+(\\?[A-Za-z]))/g, (_, a: string, b?: string, c?: string) =>
        accent(a, (b ?? c)!),
      )
      .replace(/\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L)(?![A-Za-z])\s*(?:\{\})?/g, (_, l: string) => LETTERS[l])
      .replace(/\\([&%$#_])/g, '$1')
      .replace(/\\(?:emph|textit|textbf|textsc|texttt|textrm|mathrm|mbox|url)\s*\{/g, '{')
      .replace(/~/g, '\u00A0')
      .replace(/[{}]/g, '')
      .replace(/[\uE000-\uE004]/g, (c) => HELD[c.charCodeAt(0) - 0xe000][1])
      .normalize('NFC')
  );
}

function accent(mark: string, letter: string): string {
  // An accent on a dotless i or j (`\'\i`) is an accented i or j.
  const base = letter.startsWith('\\') ? ({ i: 'i', j: 'j' }[letter.slice(1)] ?? LETTERS[letter.slice(1)]) : letter;
  return base + ACCENTS[mark];
}
