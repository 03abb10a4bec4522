/** The toolbar badge for a tab: how many claims need a look (disputed + single-sourced), with the breakdown as title. */
import type { PageStatus } from '../engine';
import { t } from '../i18n';

export type StatusCounts = Partial<Record<PageStatus, number>>;

export interface Badge {
  text: string;
  title: string;
  color: string;
}

export function badgeFor(counts: StatusCounts | undefined): Badge {
  const c = (s: PageStatus) => counts?.[s] ?? 0;
  const flagged = c('disputed') + c('single-sourced');
  if (!counts) return { text: '', title: t('actionTitle'), color: '#3f4a5a' };
  return {
    text: flagged ? String(flagged) : '',
    title: t('bgBadgeTitle', c('disputed'), c('single-sourced'), c('corroborated'), c('unmatched')),
    color: c('disputed') ? '#b42318' : '#3f4a5a',
  };
}
