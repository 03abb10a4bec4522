/**
 * Messages between the parts of the extension, typed once. All traffic stays inside the browser (runtime messaging);
 * the extension makes no network requests.
 */
import type { Candidate } from '../engine/04-detect';
import type { ClaimResult } from '../engine';
import type { Extraction } from '../engine/01-extract';
import type { ImportedPackMeta, PackCounts } from '../pack/import';

/** An imported pack as the background reports it (`enabled`: switched on in the options and loaded). */
export interface ImportedPackInfo {
  id: string;
  title: string;
  version: string;
  claims: number;
  statements: number;
  origins: number;
  outlets: number;
  enabled: boolean;
}

/** The reference in use: the bundled pack's id and version; counts are of the merged reference (bundled + imported). */
export interface PackInfo {
  id: string;
  version: string;
  claims: number;
  statements: number;
  origins?: number;
  outlets?: number;
  /** Imported packs (empty when none). */
  imported?: ImportedPackInfo[];
  /**
   * How the merged reference was loaded, when imported packs are on (lib/ext/compiled-store.ts): read from IndexedDB,
   * compiled from the packs now, or the JSON-backed index (the store could not be used); the milliseconds it took.
   */
  reference?: { from: 'stored' | 'compiled' | 'json'; ms: number };
}

export interface Timings {
  extractMs: number;
  /** Sentence splitting and check-worthiness, in the content script. */
  detectMs: number;
  /** The background round trip: matching and verdicts. */
  analyzeMs: number;
  /** Of which the engine's own time in the background. */
  matchMs: number;
  anchorMs: number;
  totalMs: number;
  /**
   * The content script's own main-thread time on this page view (every synchronous slice of extraction, detection,
   * anchoring, highlighting and re-scans since the page, or its last single-page navigation, was opened).
   */
  mainThreadMs?: number;
  /** The longest of those slices: the content script's longest task (work is split and yields between chunks). */
  longestTaskMs?: number;
  /** Which step that longest slice was in (extract, detect, anchor, mark, card…). */
  longestTaskStep?: string;
  /** The main-thread time by step (each part of a slice counts for the step that was set while it ran). */
  stepsMs?: Record<string, number>;
  /**
   * Readability's own time on this page (its parse() call), measured where it ran: the offscreen document (Chrome) or
   * the background page (Firefox), on the parsed copy of the page. Not main-thread time of the page.
   */
  readabilityMs?: number;
  /** Where the article was extracted: 'offscreen' (Chrome), 'background' (Firefox's event page). */
  extractedIn?: ExtractReply['where'];
  /** Of the content script's main-thread time, the page side of extraction: the readerable gate and writing the HTML. */
  serializeMs?: number;
}

/** content → background: the page's HTML (lib/page/serialize.ts), to extract the article from away from the page. */
export interface ExtractRequest {
  html: string;
}
/** The extraction, with where it ran and how long it took there. */
export type ExtractReply = Extraction & {
  where: 'offscreen' | 'background';
  /** Parsing the HTML into a document (DOMParser). */
  parseMs: number;
  /** Readability's parse() call. */
  readabilityMs: number;
  /** Everything, from receiving the HTML to the result. */
  ms: number;
};

/** A page claim as the content script holds it: the engine's result and whether it was found on the live page. */
export interface PageClaim extends ClaimResult {
  index: number;
  anchored: boolean;
}

/** What the content script of a tab knows about its page (`url` is the page's own address). */
export type PageState = { url: string } & (
  | { kind: 'working'; step: string }
  | { kind: 'not-article'; reason: string }
  | { kind: 'error'; reason: string }
  /** `scans`: full analyses of this page view; `looks`: times a page change made the content script look again. */
  | { kind: 'done'; title: string; claims: PageClaim[]; pack: PackInfo; timings: Timings; scans?: number; looks?: number }
  /**
   * Not scanned because of the settings: `cause` 'autoScan' = automatic scanning is off (the popup can ask with
   * `scan`), 'site' = the user turned Crosscheck off for this site.
   */
  | { kind: 'off'; reason: string; cause: 'autoScan' | 'site' }
);

/** The check-worthy sentences the content script found; only these leave the page's content script. */
export interface AnalyzeRequest {
  /** Sentences already detected (the CLI and tests)… */
  candidates?: Candidate[];
  /** …or the article's text blocks, split and judged in the background (the content script: it keeps the page's
   * main thread free of sentence splitting; the text goes by runtime messaging and never leaves the browser). */
  blocks?: string[];
  lang?: string;
  /** The page's publication date (YYYY-MM-DD) from its metadata, when it gives one. */
  published?: string;
}
export interface AnalyzeResponse {
  results: ClaimResult[];
  pack: PackInfo;
  /** Engine time in the background (detection + matching + verdicts). */
  ms: number;
  /** Of which sentence splitting and check-worthiness, when blocks were sent. */
  detectMs?: number;
}

/** The bundled pack's facts, for the options page (which does not bundle the pack). */
export interface BundledPackFacts {
  id: string;
  version: string;
  title: string;
  counts: PackCounts;
}

/** An import checked and stored by the background, or refused: `problems` (the first few) of `total`. */
export type ImportReply = { ok: true; meta: ImportedPackMeta } | { ok: false; problems: string[]; total: number };

/** Message name → [request data, response]. */
export interface Protocol {
  /** content → background: detect, match and judge the article's sentences (also sets the badge). */
  analyze: [AnalyzeRequest, AnalyzeResponse];
  /**
   * content → background: extract the article from the page's HTML. Firefox's background page does it itself;
   * Chrome's service worker has no DOM and hands it to the offscreen document (`extractOffscreen`).
   */
  extract: [ExtractRequest, ExtractReply];
  /** background → offscreen document (Chrome): the same. */
  extractOffscreen: [ExtractRequest, ExtractReply];
  /** content → background: the page is not an article, or failed (clears the badge). */
  pageStatus: [
    {
      kind: 'not-article' | 'error' | 'done' | 'off';
      count?: number;
      disputed?: number;
      singleSourced?: number;
      /** Claims by status on the page; with 'done' it sets the badge (disputed + single-sourced). */
      counts?: Partial<Record<import('../engine').PageStatus, number>>;
    },
    void,
  ];
  /** any page → background: the reference in use (bundled + imported packs). */
  packInfo: [void, PackInfo];
  /** options → background: the bundled pack's id, version, title and counts. */
  bundledPack: [void, BundledPackFacts];
  /** options → background: check a pack file's text against the bundled pack and store it (nothing stored if refused). */
  importPack: [{ text: string; fileName: string }, ImportReply];
  /** content / popup → background: open the options page (content scripts cannot do it themselves). */
  openOptions: [void, void];
  /** popup → content: the page's state. */
  getState: [void, PageState];
  /** popup / background → content: scroll to a claim and open its card (`index: -1` = the next one). */
  reveal: [{ index: number }, boolean];
  /** popup → content: scan this page now, even when the settings would not scan it on their own; the new state. */
  scan: [void, PageState];
}

export type MessageType = keyof Protocol;
export interface Message<K extends MessageType = MessageType> {
  crosscheck: 1;
  type: K;
  data: Protocol[K][0];
}

export function isMessage(x: unknown): x is Message {
  return typeof x === 'object' && x !== null && (x as Message).crosscheck === 1 && typeof (x as Message).type === 'string';
}
