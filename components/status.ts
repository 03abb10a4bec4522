/** How each status is shown: label, symbol and a short explanation. Colour is never the only signal. */
import type { PageStatus } from '../lib/engine';

export const STATUS_ORDER: PageStatus[] = ['disputed', 'single-sourced', 'corroborated', 'unmatched'];

export const STATUS: Record<PageStatus, { label: string; symbol: string; explain: string }> = {
  corroborated: {
    label: 'Corroborated',
    symbol: '✓',
    explain: 'Two or more independent origins assert it, and none disputes it.',
  },
  disputed: {
    label: 'Disputed',
    symbol: '!',
    explain: 'An origin contradicts it, the origins give conflicting figures, or the page’s figure differs from its source.',
  },
  'single-sourced': {
    label: 'Single-sourced',
    symbol: '1',
    explain: 'Only one origin asserts it (many outlets repeating one ministry are still one origin).',
  },
  unmatched: {
    label: 'No reference found',
    symbol: '?',
    explain: 'A check-worthy sentence that matches no claim in the bundled reference pack.',
  },
};
