/** The Markdown exports' escaping, one place for the design doc and the interview feedback. */

const URL_ESCAPES: Record<string, string> = { ' ': '%20', '(': '%28', ')': '%29' };

/** Inline text from a board or a person: Markdown and HTML syntax neutralised, so a label cannot become a link or a tag. */
export const markdownInline = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^#/, '\\#')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/** A block of free text (an answer, a note): its lines kept, each escaped like inline text. */
export const markdownBlock = (text: string): string =>
  text
    .split('\n')
    .map((line) => markdownInline(line))
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('  \n')
    .trim();

/** An image: the alt text escaped, and the characters that would end the URL early encoded. */
export const markdownImage = (alt: string, url: string): string =>
  `![${markdownInline(alt)}](${url.replace(/[ ()]/g, (c) => URL_ESCAPES[c]!)})`;
