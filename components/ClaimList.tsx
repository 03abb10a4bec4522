import { useState } from 'preact/hooks';
import type { PageClaim } from '../lib/ext/protocol';
import { plural, t } from '../lib/i18n';
import { ClaimCard, pageStanceText } from './ClaimCard';
import { STATUS_ORDER, statusInfo } from './status';
import { StatusBadge } from './StatusBadge';

export interface ClaimListProps {
  claims: PageClaim[];
  onSelect: (index: number) => void;
  /** "This match looks wrong" in a claim's details (absent: no such button). */
  onReportWrong?: (claim: PageClaim) => void;
  /** Whether the reader has already reported this claim's match. */
  isReported?: (claim: PageClaim) => boolean;
}

/** "2 origins · 3 outlets" for a matched claim. */
function sourcing(c: PageClaim): string {
  if (!c.sources.length) return '';
  const origins = new Set(c.sources.map((s) => s.originId)).size;
  const outlets = new Set(c.sources.map((s) => s.outlet)).size;
  return t('popupOriginsOutlets', plural(origins, 'popupOriginsOne', 'popupOriginsMany'), plural(outlets, 'popupOutletsOne', 'popupOutletsMany'));
}

/** ↑/↓ (and Home/End) move between the claims; Tab still walks every control in order. */
function onListKey(e: KeyboardEvent) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const list = e.currentTarget as HTMLElement;
  const items = [...list.querySelectorAll<HTMLButtonElement>('.cc-item:not(:disabled)')];
  if (!items.length) return;
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
  e.preventDefault();
  items[at === -1 && e.key === 'ArrowUp' ? items.length - 1 : next]!.focus();
}

/** The page's claims grouped by status with counts; each claim scrolls to its sentence, "Details" opens its card here. */
export function ClaimList({ claims, onSelect, onReportWrong, isReported }: ClaimListProps) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div class="cc-list" onKeyDown={onListKey}>
      {STATUS_ORDER.map((status) => {
        const items = claims.filter((c) => c.status === status);
        if (!items.length) return null;
        return (
          <section class="cc-group-section" data-status={status} aria-label={t('popupGroupLabel', statusInfo(status).label, items.length)}>
            <h2>
              <StatusBadge status={status} count={items.length} />
            </h2>
            <ul>
              {items.map((c) => {
                const detailsId = `cc-details-${c.index}`;
                const expanded = open === c.index;
                return (
                  <li class="cc-row">
                    <button
                      type="button"
                      class="cc-item"
                      data-index={c.index}
                      disabled={!c.anchored}
                      title={c.anchored ? t('popupShowClaim') : t('popupClaimGone')}
                      onClick={() => onSelect(c.index)}
                    >
                      <span class="cc-item-text" id={`cc-text-${c.index}`}>
                        {/* Page text is isolated: its bidi controls cannot reorder the popup around it. */}
                        <bdi>{c.text}</bdi>
                      </span>
                      {c.match && <span class="cc-item-match">{sourcing(c)}</span>}
                      {c.match && c.stance && c.stance !== 'asserts' && <span class="cc-item-stance">{pageStanceText(c)}</span>}
                    </button>
                    <button
                      type="button"
                      class="cc-more"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      aria-describedby={`cc-text-${c.index}`}
                      onClick={() => setOpen(expanded ? null : c.index)}
                    >
                      {expanded ? t('popupHideDetails') : t('popupDetails')}
                    </button>
                    {expanded && (
                      <div class="cc-details" id={detailsId}>
                        <ClaimCard
                          claim={c}
                          embedded
                          onReportWrong={onReportWrong && (() => onReportWrong(c))}
                          reported={isReported?.(c) ?? false}
                        />
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
