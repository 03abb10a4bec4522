/**
 * Readability's quick "is this probably an article?" test on its own (the package's index also loads the whole
 * Readability, which the content script does not need: extraction runs in the extension's offscreen document or
 * background page).
 */
declare module '@mozilla/readability/Readability-readerable.js' {
  const isProbablyReaderable: (doc: Document, options?: { minContentLength?: number; minScore?: number; visibilityChecker?: (node: Node) => boolean }) => boolean;
  export default isProbablyReaderable;
}
