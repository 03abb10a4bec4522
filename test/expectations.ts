/**
 * The statuses a careful reader would give the claims of our example article and of the seed article, from the
 * sources in the reference pack. Shared by the engine tests (Node) and the browser tests.
 */
import type { PageStatus } from '../lib/engine';

export interface Expectation {
  /** The sentence as it starts on the page. */
  startsWith: string;
  status: PageStatus;
  matchId?: string;
}

export const EXAMPLE_EXPECTATIONS: Expectation[] = [
  { startsWith: 'In its morning update, Ukraine', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'The same update listed 1,584', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
];

export const SEED_EXPECTATIONS: Expectation[] = [
  { startsWith: 'Russians claim success', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'The General Staff of the Ukrainian Armed Forces said', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'Ukrainian defenders also destroyed', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
];
