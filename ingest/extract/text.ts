import { decodeHTML } from 'entities';
import { cleanText } from '../normalize';

/** Commands whose argument is text to keep: \textbf{X} → X. */
const TEXT_COMMANDS = /\\(?:text\w*|emph|mathrm|mathbf|mathit|mathcal|mathbb|operatorname|mbox|url|href)\s*\{([^{}]*)\}/g;
/** Commands whose argument is not prose. */
const DROPPED_COMMANDS = /\\(?:cite\w*|ref|eqref|label|footnote)\s*\{[^{}]*\}/g;

/**
 * Text as the extractor reads it: HTML entities decoded, LaTeX markup and inline math removed (formulas make
 * no concepts), "--" inside a word as a hyphen ("bias--variance"), other dashes spaced, tildes and runs of whitespace as single spaces.
 */
export function prepareText(text: string): string {
  let out = decodeHTML(text);
  out = out.replace(DROPPED_COMMANDS, ' ');
  for (let i = 0; i < 3 && TEXT_COMMANDS.test(out); i++) out = out.replace(TEXT_COMMANDS, '$1');
  out = out
    .replace(/\$\$[^$]*\$\$|\$[^$]{0,200}\$|\\\([^)]*\\\)/g, ' ')
    .replace(/\\[a-zA-Z]+\*?/g, ' ')
    .replace(/[{}]/g, '')
    .replace(/~/g, ' ')
    .replace(/\s*---\s*|\s+--\s+/g, ' - ')
    .replace(/(?<=\w)--(?=\w)/g, '-');
  return cleanText(out);
}
