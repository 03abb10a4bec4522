/**
 * The engine: article blocks in, one result per check-worthy sentence out (status, reason, matched claim, figure
 * checks, sources). Framework-free; the extension's background and the CLI both call it.
 *
 * The stages, one file each, in the order the data flows through them:
 *
 *   01-extract    the article of a page: Readability on a clone, its blocks, title and publication date
 *   02-segment    sentences (Intl.Segmenter, abbreviations and figures kept whole)
 *   03-context    what carries from the headline and earlier sentences: the article's date, places, days
 *   04-detect     check-worthy sentences: figures, attribution, reported events
 *   05-attribute  the speaker a sentence names, mapped to the pack's origins
 *   06-normalise  words to tokens: synonyms and transliterations to one form
 *   07-figures    numbers with their qualifiers and what they count
 *   08-dates      the dates a sentence names
 *   12-match      candidate claims and their scores
 *   13-verdict    a claim's status from its statements (pure, table-tested)
 *   14-judge      a sentence's result: the match, the verdict, the figure checks
 */
import { articleContexts, type ArticleMeta } from './03-context';
import { detect, sentencesOf, type Candidate } from './04-detect';
import { judge, type ClaimResult, type JudgeOptions } from './14-judge';
import type { PackIndex } from '../pack/index-api';

export type { ArticleMeta } from './03-context';

export interface AnalyzeOptions extends JudgeOptions {
  /** The headline and the page's publication date (page metadata, or the CLI's --date). */
  article?: ArticleMeta;
  locale?: string;
}

export { judge, type ClaimResult, type FigureCheck, type JudgeOptions, type PageStatus, type RelatedClaim } from './14-judge';

/** The check-worthy sentences of an article with what the article tells about each (its date, the places before). */
export function detectInArticle(blocks: readonly string[], opts: AnalyzeOptions = {}): { candidate: Candidate; ctx: ReturnType<typeof articleContexts>[number] }[] {
  const sentences = sentencesOf(blocks, opts.locale);
  const contexts = articleContexts(sentences, opts.article);
  const out: { candidate: Candidate; ctx: ReturnType<typeof articleContexts>[number] }[] = [];
  sentences.forEach((s, i) => {
    const c = detect(s);
    if (c) out.push({ candidate: c, ctx: contexts[i]! });
  });
  return out;
}

/** Detects and judges every check-worthy sentence of an article given as blocks (paragraphs, headline first). */
export function analyzeBlocks(blocks: readonly string[], ref: PackIndex, opts: AnalyzeOptions = {}): ClaimResult[] {
  return detectInArticle(blocks, opts).map(({ candidate, ctx }) => judge(candidate, ref, opts, ctx));
}
