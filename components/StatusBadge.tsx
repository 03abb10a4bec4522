import type { PageStatus } from '../lib/engine';
import { statusInfo } from './status';

export interface StatusBadgeProps {
  status: PageStatus;
  count?: number;
}

/** The status as symbol + word (never colour alone); the explanation is the tooltip. */
export function StatusBadge({ status, count }: StatusBadgeProps) {
  const s = statusInfo(status);
  return (
    <span class={`cc-badge cc-${status}`} title={s.explain}>
      <span class="cc-symbol" aria-hidden="true">
        {s.symbol}
      </span>
      {s.label}
      {count !== undefined && <span class="cc-count"> ({count})</span>}
    </span>
  );
}
