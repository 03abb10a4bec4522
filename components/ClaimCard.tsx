import { useEffect, useId, useRef } from 'preact/hooks';
import type { ClaimResult, FigureCheck } from '../lib/engine';
import { formatDate, t, tParts, type MessageKey } from '../lib/i18n';
import type { SourceRef } from '../lib/engine/13-verdict';
import { statusInfo } from './status';
import { StatusBadge } from './StatusBadge';

export interface ClaimCardProps {
  claim: ClaimResult;
  /** Shown when the card was opened from the keyboard or the popup: a close button and focus. */
  onClose?: () => void;
  /** Move to the previous / next claim on the page. */
  onStep?: (delta: 1 | -1) => void;
  position?: string;
  /** "This match looks wrong": the button is shown only when this is given and the claim has a match. */
  onReportWrong?: () => void;
  /** The reader has reported this match: a confirmation replaces the button. */
  reported?: boolean;
  /** Shown inside another page (the popup's list) rather than as a floating dialog. */
  embedded?: boolean;
}

const STANCE_LABEL: Record<SourceRef['stance'], MessageKey> = {
  asserts: 'claimStanceAsserts',
  disputes: 'claimStanceDisputes',
  context: 'claimStanceContext',
};
type Section = SourceRef['stance'] | 'superseded';
const HEADING: Record<Section, MessageKey> = {
  disputes: 'claimDisputedBy',
  asserts: 'claimAssertedBy',
  context: 'claimContext',
  superseded: 'claimSuperseded',
};
/** Disputing voices first when the claim is disputed; superseded statements last. */
const order = (status: ClaimResult['status']): Section[] =>
  status === 'disputed' ? ['disputes', 'asserts', 'context', 'superseded'] : ['asserts', 'disputes', 'context', 'superseded'];
const sectionOf = (s: SourceRef): Section => (s.superseded ? 'superseded' : s.stance);

/** Sources grouped by statement (origin, stance, date), reports in the order given; each report is a link. */
function groupSources(sources: SourceRef[]) {
  const byStatement = new Map<string, { head: SourceRef; reports: SourceRef[] }>();
  for (const s of sources) {
    const key = `${s.originId}\u0000${s.stance}\u0000${s.said}\u0000${s.summary}`;
    const entry = byStatement.get(key) ?? { head: s, reports: [] };
    entry.reports.push(s);
    byStatement.set(key, entry);
  }
  return [...byStatement.values()];
}

/**
 * Match confidence in plain words. The score is the fitted model's calibrated probability that the sentence states the
 * claim; the default threshold sits near 0.94, so "low" is only seen by a reader who lowered the sensitivity.
 */
export function confidenceLevel(score: number): MessageKey {
  if (score >= 0.97) return 'claimConfidenceHigh';
  if (score >= 0.9) return 'claimConfidenceMedium';
  return 'claimConfidenceLow';
}

/** What the page does with the matched claim, in plain words (stage 12 of the engine). */
export function pageStanceText(claim: Pick<ClaimResult, 'stance' | 'attributedTo' | 'attributedOrigin'>): string {
  if (claim.stance === 'denies') return t('claimPageStanceDenies');
  if (claim.stance === 'reports-denial') {
    const who = claim.attributedOrigin?.name ?? claim.attributedTo;
    return who ? t('claimPageStanceReportsDenialBy', who) : t('claimPageStanceReportsDenial');
  }
  return t('claimPageStanceAsserts');
}

const DIFFERS_PREFIX = 'figure differs from source: ';

/**
 * One figure check in plain words. A matching figure names who gave it and when, when the matched claim has exactly
 * one statement that can carry figures (asserting or disputing, not context), so there is no doubt which one matched.
 */
export function figureText(f: FigureCheck, sources: SourceRef[]): string {
  if (f.check === 'matches') {
    if (f.source) return t('claimFigureMatchesFrom', f.text, f.source.origin, formatDate(f.source.date));
    const statements = new Map<string, SourceRef>();
    if (!f.against) for (const s of sources) if (s.stance !== 'context') statements.set(`${s.originId}\u0000${s.said}`, s);
    const only = statements.size === 1 ? [...statements.values()][0]! : undefined;
    return only ? t('claimFigureMatchesFrom', f.text, only.origin, formatDate(only.said)) : t('claimFigureMatches', f.text);
  }
  const note = f.note ?? '';
  if (note.startsWith(DIFFERS_PREFIX)) return t('claimFigureDiffers', f.text, note.slice(DIFFERS_PREFIX.length));
  return t('claimFigureNote', f.text, note);
}

/** The card: status, why, the figure check, the matched reference claim, match confidence and every source with links. */
export function ClaimCard({ claim, onClose, onStep, position, onReportWrong, reported, embedded }: ClaimCardProps) {
  const statements = groupSources(claim.sources);
  const also = claim.also ?? [];
  const figures = claim.figures.filter((f) => f.check !== 'unknown');
  const figId = useId();
  /** Headings below the page's own: h2 in the hover card, h3 under the popup's status groups. */
  const H = embedded ? 'h3' : 'h2';
  const confirmation = useRef<HTMLParagraphElement>(null);
  const wasReported = useRef(reported);
  useEffect(() => {
    // Reporting replaces the focused button: move focus to the confirmation so keyboard users keep their place.
    if (reported && !wasReported.current) confirmation.current?.focus();
    wasReported.current = reported;
  }, [reported]);

  return (
    <div
      class="cc-card"
      role={embedded ? 'region' : 'dialog'}
      aria-label={t('claimCardLabel', statusInfo(claim.status).label)}
      data-status={claim.status}
    >
      <div class="cc-head">
        <StatusBadge status={claim.status} />
        {position && <span class="cc-pos">{position}</span>}
        {onStep && (
          <span class="cc-nav">
            <button type="button" class="cc-btn" onClick={() => onStep(-1)} aria-label={t('claimPrevious')} title={t('claimPrevious')}>
              ‹
            </button>
            <button type="button" class="cc-btn" onClick={() => onStep(1)} aria-label={t('claimNext')} title={t('claimNext')}>
              ›
            </button>
          </span>
        )}
        {onClose && (
          <button type="button" class="cc-btn cc-close" onClick={onClose} aria-label={t('claimClose')} title={t('claimClose')}>
            ×
          </button>
        )}
      </div>
      <p class="cc-why">{claim.why}</p>
      {claim.attributedTo && (
        <p class="cc-attr">
          {tParts('claimAttributed', <strong><bdi>{claim.attributedTo}</bdi></strong>)}
          {claim.attributedOrigin && (
            <>
              {' '}
              {t('claimAttributedOrigin', claim.attributedOrigin.name)}
            </>
          )}
        </p>
      )}
      {figures.length > 0 && (
        <div class="cc-figures-block">
          <H class="cc-label" id={figId}>
            {t('claimFiguresLabel')}
          </H>
          <ul class="cc-figures" aria-labelledby={figId}>
            {figures.map((f) => (
              <li class={`cc-fig cc-fig-${f.check}`}>
                <span class="cc-fig-mark" aria-hidden="true">
                  {f.check === 'matches' ? '✓' : '≠'}
                </span>{' '}
                {figureText(f, claim.sources)}
                {f.against && <span class="cc-fig-against">{t('claimFigureAgainst', f.against.text)}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {claim.match && (
        <div class="cc-match">
          <span class="cc-label">{t('claimReference')}</span> <span class="cc-match-text">{claim.match.text}</span>
          <p class={`cc-page-stance cc-page-stance-${claim.stance ?? 'asserts'}`}>{pageStanceText(claim)}</p>
          <span
            class={`cc-confidence cc-confidence-${confidenceLevel(claim.match.score).replace('claimConfidence', '').toLowerCase()}`}
            title={t('claimConfidenceHint')}
          >
            {t('claimConfidence', t(confidenceLevel(claim.match.score)), String(Math.round(claim.match.score * 100)))}
          </span>
        </div>
      )}
      {order(claim.status).map((section) => {
        const group = statements.filter((x) => sectionOf(x.head) === section);
        if (!group.length) return null;
        const heading = t('claimSectionCount', t(HEADING[section]), group.length);
        return (
          <section class={`cc-stance-section cc-section-${section}`} aria-label={heading}>
            <H class="cc-label">{heading}</H>
            <ol class="cc-sources">
              {group.map(({ head, reports }) => (
                <li class={`cc-source cc-stance-${head.stance}`}>
                  <div class="cc-origin">
                    <span class={`cc-stance cc-stance-${head.stance}`}>{t(STANCE_LABEL[head.stance])}</span> <strong>{head.origin}</strong>{' '}
                    <span class="cc-group">
                      {head.group}
                      {' · '}
                      {head.party ? t('claimParty') : t('claimIndependent')}
                      {' · '}
                      {tParts('claimSaid', <time dateTime={head.said}>{formatDate(head.said)}</time>)}
                    </span>
                  </div>
                  <p class="cc-summary">{head.summary}</p>
                  <ul class="cc-reports" aria-label={t('claimReportsLabel')}>
                    {reports.map((r) => (
                      <li>
                        <a href={r.url} target="_blank" rel="noopener noreferrer">
                          {r.outlet}
                          <span class="cc-sr">{` ${t('claimOpensNewTab')}`}</span>
                        </a>{' '}
                        {r.outletLabel && <span class="cc-outlet-label">{r.outletLabel} · </span>}
                        <time dateTime={r.date}>{formatDate(r.date)}</time>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
      {also.length > 0 && (
        <section class="cc-also" aria-label={t('claimAlso')}>
          <H class="cc-label">{t('claimAlso')}</H>
          <ul>
            {also.map((a) => (
              <li>
                <StatusBadge status={a.status} /> {a.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      {onReportWrong && claim.match && (
        <div class="cc-foot-actions">
          {reported ? (
            <p class="cc-reported" role="status" tabIndex={-1} ref={confirmation}>
              {t('claimReported')}
            </p>
          ) : (
            <button type="button" class="cc-btn cc-report" onClick={onReportWrong} title={t('claimReportWrongHint')}>
              {t('claimReportWrong')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
