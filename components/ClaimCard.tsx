import type { ClaimResult } from '../lib/engine';
import type { SourceRef } from '../lib/verdict';
import { StatusBadge } from './StatusBadge';

export interface ClaimCardProps {
  claim: ClaimResult;
  /** Shown when the card was opened from the keyboard or the popup: a close button and focus. */
  onClose?: () => void;
  /** Move to the previous / next claim on the page. */
  onStep?: (delta: 1 | -1) => void;
  position?: string;
  /** "This match looks wrong": the button is shown only when given. */
  onReportWrong?: () => void;
  /** The reader has reported this match (the button then thanks them). */
  reported?: boolean;
}

const STANCE_LABEL: Record<SourceRef['stance'], string> = { asserts: 'asserts', disputes: 'disputes', context: 'context' };
type Section = SourceRef['stance'] | 'superseded';
const HEADING: Record<Section, string> = {
  disputes: 'Disputed by',
  asserts: 'Asserted by',
  context: 'Context',
  superseded: 'Earlier statements, superseded by the same side',
};
/** Disputing voices first when the claim is disputed; superseded statements last. */
const order = (status: ClaimResult['status']): Section[] =>
  status === 'disputed' ? ['disputes', 'asserts', 'context', 'superseded'] : ['asserts', 'disputes', 'context', 'superseded'];
const sectionOf = (s: SourceRef): Section => (s.superseded ? 'superseded' : s.stance);

/** Sources grouped by origin, newest report last; each report is a link. */
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

/** The hover card: status, why, the matched reference claim, figure checks and every source with links. */
export function ClaimCard({ claim, onClose, onStep, position }: ClaimCardProps) {
  const statements = groupSources(claim.sources);
  const also = claim.also ?? [];
  return (
    <div class="cc-card" role="dialog" aria-label={`Crosscheck: ${claim.status}`} data-status={claim.status}>
      <header class="cc-head">
        <StatusBadge status={claim.status} />
        {position && <span class="cc-pos">{position}</span>}
        {onStep && (
          <span class="cc-nav">
            <button type="button" class="cc-btn" onClick={() => onStep(-1)} aria-label="Previous claim">
              ‹
            </button>
            <button type="button" class="cc-btn" onClick={() => onStep(1)} aria-label="Next claim">
              ›
            </button>
          </span>
        )}
        {onClose && (
          <button type="button" class="cc-btn cc-close" onClick={onClose} aria-label="Close">
            ×
          </button>
        )}
      </header>
      <p class="cc-why">{claim.why}</p>
      {claim.attributedTo && (
        <p class="cc-attr">
          The page attributes this to <strong>{claim.attributedTo}</strong>.
        </p>
      )}
      {claim.figures.some((f) => f.check !== 'unknown') && (
        <ul class="cc-figures" aria-label="Figures">
          {claim.figures
            .filter((f) => f.check !== 'unknown')
            .map((f) => (
              <li class={`cc-fig cc-fig-${f.check}`}>
                <span aria-hidden="true">{f.check === 'matches' ? '＝' : '≠'}</span> {f.text}:{' '}
                {f.check === 'matches' ? 'matches the source' : f.note}
              </li>
            ))}
        </ul>
      )}
      {claim.match && (
        <p class="cc-match">
          <span class="cc-label">Reference claim</span> {claim.match.text}
        </p>
      )}
      {order(claim.status).map((section) => {
        const group = statements.filter((x) => sectionOf(x.head) === section);
        if (!group.length) return null;
        return (
          <section class={`cc-stance-section cc-section-${section}`} aria-label={`${HEADING[section]} (${group.length})`}>
            <h3 class="cc-label">
              {HEADING[section]} ({group.length})
            </h3>
            <ol class="cc-sources">
              {group.map(({ head, reports }) => (
                <li class={`cc-source cc-stance-${head.stance}`}>
                  <div class="cc-origin">
                    <span class={`cc-stance cc-stance-${head.stance}`}>{STANCE_LABEL[head.stance]}</span>{' '}
                    <strong>{head.origin}</strong>{' '}
                    <span class="cc-group">
                      {head.group}
                      {head.party ? ' · party to the conflict' : ' · independent'}
                      {' · said '}
                    </span>
                    <time dateTime={head.said}>{head.said}</time>
                  </div>
                  <p class="cc-summary">{head.summary}</p>
                  <ul class="cc-reports">
                    {reports.map((r) => (
                      <li>
                        <a href={r.url} target="_blank" rel="noopener noreferrer">
                          {r.outlet}
                        </a>{' '}
                        {r.outletLabel && <span class="cc-outlet-label">{r.outletLabel} · </span>}
                        <time dateTime={r.date}>{r.date}</time>
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
        <section class="cc-also" aria-label="Also in this sentence">
          <h3 class="cc-label">Also in this sentence</h3>
          <ul>
            {also.map((a) => (
              <li>
                <StatusBadge status={a.status} /> {a.text}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
