/**
 * Messages between the parts of the extension, typed once. All traffic stays inside the browser (runtime messaging);
 * the extension makes no network requests.
 */
import type { Candidate } from '../detect';
import type { ClaimResult } from '../engine';

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
}

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
}
export interface AnalyzeResponse {
  results: ClaimResult[];
  pack: PackInfo;
  /** Engine time in the background (detection + matching + verdicts). */
  ms: number;
  /** Of which sentence splitting and check-worthiness, when blocks were sent. */
  detectMs?: number;
}

/** Message name → [request data, response]. */
export interface Protocol {
  /** content → background: detect, match and judge the article's sentences (also sets the badge). */
  analyze: [AnalyzeRequest, AnalyzeResponse];
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
