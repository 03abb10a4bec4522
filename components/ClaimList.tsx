import type { PageClaim } from '../lib/ext/protocol';
import { STATUS, STATUS_ORDER } from './status';
import { StatusBadge } from './StatusBadge';

export interface ClaimListProps {
  claims: PageClaim[];
  onSelect: (index: number) => void;
}

/** The page's claims grouped by status with counts; each claim is a button that scrolls to it. */
export function ClaimList({ claims, onSelect }: ClaimListProps) {
  return (
    <div class="cc-list">
      {STATUS_ORDER.map((status) => {
        const items = claims.filter((c) => c.status === status);
        if (!items.length) return null;
        return (
          <section class="cc-group-section" data-status={status} aria-label={`${STATUS[status].label}: ${items.length}`}>
            <h2>
              <StatusBadge status={status} count={items.length} />
            </h2>
            <ul>
              {items.map((c) => (
                <li>
                  <button
                    type="button"
                    class="cc-item"
                    data-index={c.index}
                    disabled={!c.anchored}
                    title={c.anchored ? 'Show this claim on the page' : 'This sentence is no longer on the page'}
                    onClick={() => onSelect(c.index)}
                  >
                    <span class="cc-item-text">{c.text}</span>
                    {c.match && <span class="cc-item-match">{c.sources.length ? `${new Set(c.sources.map((s) => s.originId)).size} origins · ${new Set(c.sources.map((s) => s.outlet)).size} outlets` : ''}</span>}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
