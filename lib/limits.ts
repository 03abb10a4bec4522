/**
 * What we read from a page, at most, and the reasons we give when a page is past a limit. Shared by the extraction
 * (lib/engine/01-extract.ts, wherever it runs) and the content script's page side (lib/page/extract.ts), which must
 * not load Readability itself.
 */

/** Upper bound of text we read from one page; a gigantic page is cut, not rejected. */
export const MAX_ARTICLE_CHARS = 200_000;
/** Pages with more elements than this are not copied and parsed at all: the work would stall the tab. */
export const MAX_ELEMENTS = 60_000;
/**
 * Pages nested deeper than this are not parsed either. The HTML parser itself never nests deeper than 512 elements, so
 * only a script builds such a page; Readability's cost grows with the square of the depth there (measured in Chromium:
 * 1,000 levels 0.27 s, 2,500 levels 1.8 s, 5,000 levels 8.7 s of blocked tab).
 */
export const MAX_DEPTH = 512;
/** The page's HTML sent for extraction elsewhere, at most (characters; the saved real pages send up to ~1 M). */
export const MAX_HTML_CHARS = 16_000_000;

export const REASONS = {
  noBody: 'The page has no body.',
  tooLarge: (elements: number) => `This page is too large to read safely (${elements.toLocaleString('en-US')} elements).`,
  tooBig: (chars: number) => `This page is too large to read safely (more than ${(chars / 1e6).toLocaleString('en-US')} million characters of HTML).`,
  tooDeep: (maxDepth: number) => `This page is nested too deeply to read safely (more than ${maxDepth.toLocaleString('en-US')} levels).`,
  notArticle: "This page doesn't look like an article.",
  noText: 'No article text was found on this page.',
  unreadable: (why: string) => `The article could not be read: ${why}`,
} as const;
