/** How each status is shown: label, symbol and a short explanation. Colour is never the only signal. */
import type { PageStatus } from '../lib/engine';
import { t, type MessageKey } from '../lib/i18n';

export const STATUS_ORDER: PageStatus[] = ['disputed', 'single-sourced', 'corroborated', 'unmatched'];

const KEYS: Record<PageStatus, { label: MessageKey; explain: MessageKey; symbol: string }> = {
  corroborated: { label: 'statusCorroborated', explain: 'statusCorroboratedExplain', symbol: '✓' },
  disputed: { label: 'statusDisputed', explain: 'statusDisputedExplain', symbol: '!' },
  'single-sourced': { label: 'statusSingleSourced', explain: 'statusSingleSourcedExplain', symbol: '1' },
  unmatched: { label: 'statusUnmatched', explain: 'statusUnmatchedExplain', symbol: '?' },
};

export interface StatusInfo {
  label: string;
  symbol: string;
  explain: string;
}

/** The label and explanation in the UI language (read when used, so `browser.i18n` is ready). */
export function statusInfo(status: PageStatus): StatusInfo {
  const k = KEYS[status] ?? KEYS.unmatched;
  return { label: t(k.label), symbol: k.symbol, explain: t(k.explain) };
}

export const STATUS: Record<PageStatus, StatusInfo> = Object.fromEntries(
  (Object.keys(KEYS) as PageStatus[]).map((s) => [s, { get label() { return statusInfo(s).label; }, symbol: KEYS[s].symbol, get explain() { return statusInfo(s).explain; } }]),
) as Record<PageStatus, StatusInfo>;
