import { decodeHTML } from 'entities';
import { cleanText } from '../normalize';

/** Commands whose argument is text to keep: \textbf{X} → X. */
const TEXT_COMMANDS = /\\(?:text\w*|emph|mathrm|mathbf|mathit|mathcal|mathbb|operatorname|mbox|url|href)\s*\{([^{}]*)\}/g;
/** Commands whose argument is not prose. */
const DROPPED_COMMANDS = /\\(?:cite\w*|ref|eqref|label|footnote)\s*\{[^{}]*\}/g;

/** Inline math: `$$…$$`, `$…$` (short), `\(…\)`; the last stops at the next `\(`, so no input makes it scan twice. */
const INLINE_MATH = /\$\$[^$]*\$\$|\$[^$]{0,200}\$|\\\((?:(?!\\\()[^)])*\\\)/g;
/** Dashes with their spaces; each match starts where a run of spaces starts (linear on long runs of spaces). */
const SPACED_DASHES = /(?<!\s)\s*---\s*|(?<!\s)\s+--\s+/g;
/** Inline math that is only a name: `$\textbf{negCLIPLoss}$`, `$MA-OSMA$`; its text stays. */
const MATH_NAME = /\$([\p{L}][\p{L}\p{N}-]{2,40})\$/gu;
/** Bold marks around letters inside a word: `**B**ayesian` → `Bayesian`. */
const INNER_BOLD = /\*\*(\p{L}{1,3})\*\*/gu;
/** Markdown emphasis around a phrase: `*Soft Actor-Critic*`, `_Calibrated Stackelberg Games_` (a name's own star, "JKOnet*", stays). */
const EMPHASIS = /(^|[\s(\["'])(\*{1,3}|_)(?=[^\s*_])([^*_\n]{0,200}?[^\s*_])\2(?=$|[\s,.;:)\]"'!?-])/gu;
/** Runs of non-space characters this long are no words (formulas, base64, URLs): the tagger never sees them. */
const NO_WORD = /\S{64,}/g;

/**
 * Text as the extractor reads it: HTML entities decoded, LaTeX markup and inline math removed (formulas make
 * no concepts) unless they only hold a name, Markdown emphasis removed, "--" inside a word as a hyphen ("bias--variance"), other dashes spaced, tildes and runs of whitespace as single spaces.
 * Every regex here is linear in the text's length (test/extract/linear.test.ts), and runs of 64 or more non-space
 * characters are dropped: the part-of-speech tagger is quadratic in a token's length.
 */
export function prepareText(text: string): string {
  let out = decodeHTML(text);
  out = out.replace(DROPPED_COMMANDS, ' ');
  for (let i = 0; i < 3 && TEXT_COMMANDS.test(out); i++) out = out.replace(TEXT_COMMANDS, '$1');
  out = out
    .replace(MATH_NAME, '$1')
    .replace(INNER_BOLD, '$1')
    .replace(EMPHASIS, '$1$3')
    .replace(INLINE_MATH, ' ')
    .replace(/\\[a-zA-Z]+\*?/g, ' ')
    .replace(/[{}]/g, '')
    .replace(/~/g, ' ')
    .replace(SPACED_DASHES, ' - ')
    .replace(/(?<=\w)--(?=\w)/g, '-')
    .replace(NO_WORD, ' ');
  return cleanText(out);
}
