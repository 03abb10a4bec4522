/**
 * The statuses a careful reader would give the claims of our example article and of the seed article, from the
 * sources in the reference pack. Shared by the engine tests (Node) and the browser tests, so both paths are held to
 * the same yardstick.
 */
import type { PageStatus } from '../lib/engine';

export interface Expectation {
  /** The sentence as it starts on the page. */
  startsWith: string;
  status: PageStatus;
  matchId?: string;
  /** Another claim the sentence states just as plainly, with its own status: a match to it is right too. */
  or?: { matchId: string; status: PageStatus };
}

/** examples/article-2022-07-04.html (ours). */
export const EXAMPLE_EXPECTATIONS: Expectation[] = [
  { startsWith: 'Russia claims all of Luhansk', status: 'disputed', matchId: 'luhansk-whole-region-captured' },
  { startsWith: "Russia's defence ministry said on Sunday", status: 'corroborated', matchId: 'lysychansk-russian-full-control' },
  { startsWith: 'Defence Minister Sergei Shoigu told', status: 'single-sourced', matchId: 'lysychansk-area-182-km2' },
  { startsWith: 'Hours later the General Staff', status: 'corroborated', matchId: 'lysychansk-russian-full-control' },
  { startsWith: 'Separatist commanders had earlier claimed', status: 'disputed', matchId: 'lysychansk-encirclement-claim' },
  { startsWith: 'Analysts at the Institute for the Study of War', status: 'disputed', matchId: 'lysychansk-isw-deliberate-withdrawal' },
  // It states the toll and the damage: either claim is the sentence's.
  { startsWith: 'Across the border, explosions', status: 'disputed', matchId: 'belgorod-july3-death-toll', or: { matchId: 'belgorod-july3-buildings-damaged', status: 'corroborated' } },
  { startsWith: "Russia's defence ministry said Ukraine had fired", status: 'disputed', matchId: 'belgorod-july3-mod-tochka-u-account' },
  { startsWith: 'In its morning update', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'The same update listed 1,584', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'In Switzerland, Prime Minister Denys Shmyhal', status: 'single-sourced', matchId: 'lugano-recovery-plan-750bn' },
  { startsWith: 'Meanwhile, European Union officials', status: 'corroborated', matchId: 'food-eu-concern-russian-narrative-africa' },
];

/** Sentences of the example that are not check-worthy and must not be listed. */
export const EXAMPLE_NOT_CLAIMS = ['This paragraph is here only', 'An example article written by'];

/** ../shared/seed/war-report-2022-07.txt, wrapped as a page (third-party text: read at test time, never copied). */
export const SEED_EXPECTATIONS: Expectation[] = [
  { startsWith: 'Russians claim success', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'Russian Minister of Defense Sergei Kuzhugetovich Shoigu', status: 'corroborated', matchId: 'lysychansk-russian-full-control' },
  { startsWith: '“As Army General Sergei Shoigu reported', status: 'corroborated', matchId: 'lysychansk-russian-full-control' },
  { startsWith: 'The total area of liberated territories', status: 'single-sourced', matchId: 'lysychansk-area-182-km2' },
  { startsWith: 'The announcement signals', status: 'corroborated', matchId: 'south-russian-control-kherson-zaporizhzhia' },
  { startsWith: 'A previous claim by pro-Russian separatists', status: 'disputed' },
  { startsWith: '“Geolocated footage showed', status: 'single-sourced', matchId: 'lysychansk-isw-geolocated-footage' },
  { startsWith: '“A Ukrainian withdrawal to Siversk', status: 'single-sourced', matchId: 'lysychansk-isw-siversk-e40-withdrawal' },
  { startsWith: 'Russian forces continued unsuccessful ground assaults', status: 'corroborated', matchId: 'luhansk-slovyansk-assaults-repelled' },
  { startsWith: 'Ukrainian troops are likely planning to threaten', status: 'single-sourced' },
  { startsWith: 'Lysychansk, the last major Ukrainian-held city', status: 'corroborated', matchId: 'lysychansk-last-major-city-donbas' },
  { startsWith: 'Proxy leadership may be setting conditions', status: 'corroborated', matchId: 'luhansk-annexation-groundwork' },
  { startsWith: 'Ukraine’s government hasn’t commented', status: 'disputed', matchId: 'lysychansk-ukraine-no-comment' },
  { startsWith: 'Explosions in the Russian city of Belgorod', status: 'disputed' },
  { startsWith: 'On July 3, explosions killed at least four', status: 'disputed', matchId: 'belgorod-july3-death-toll' },
  { startsWith: 'The Russian Defense Ministry of reported', status: 'disputed', matchId: 'belgorod-july3-mod-tochka-u-account' },
  { startsWith: 'The attacks were carried out using Tochka-U', status: 'disputed', matchId: 'belgorod-july3-mod-tochka-u-account' },
  { startsWith: 'The General Staff of the Ukrainian Armed Forces said', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'Ukrainian defenders also destroyed', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-03' },
  { startsWith: 'Ukraine plans to unveil a blueprint', status: 'single-sourced', matchId: 'lugano-recovery-plan-750bn' },
  { startsWith: 'European officials worry', status: 'corroborated', matchId: 'food-eu-concern-russian-narrative-africa' },
];

/** examples/article-olenivka-2022-07-30.html (ours): a contested event, dated by its metadata. */
export const OLENIVKA_EXPECTATIONS: Expectation[] = [
  { startsWith: 'Dozens of Ukrainian prisoners die at Olenivka', status: 'corroborated', matchId: 'olenivka-explosion-killed-pows' },
  { startsWith: 'Dozens of Ukrainian prisoners of war were killed', status: 'corroborated', matchId: 'olenivka-explosion-killed-pows' },
  { startsWith: "Russia's defence ministry said Ukrainian forces had hit", status: 'disputed', matchId: 'olenivka-himars-strike-claim' },
  { startsWith: "Ukraine's General Staff denied firing", status: 'disputed', matchId: 'olenivka-russia-blew-up-barracks', or: { matchId: 'olenivka-himars-strike-claim', status: 'disputed' } },
  { startsWith: 'The International Committee of the Red Cross', status: 'corroborated', matchId: 'olenivka-no-international-access' },
  { startsWith: 'In its morning update', status: 'single-sourced', matchId: 'ua-gs-losses-2022-07-30' },
];

/** How many yardstick sentences each article may leave unmatched (the engine marks nothing when unsure; see README). */
export const ALLOWED_MISSES = { example: 6, seed: 6, olenivka: 4 } as const;

export interface YardstickCheck {
  /** Marked with another claim or status than a careful reader would give, or not found at all. */
  wrong: string[];
  /** Left unmatched although a claim was expected. */
  missed: string[];
}

/**
 * Results (the engine's, or a page's claims) against a yardstick. A sentence marked with the wrong claim or status is
 * wrong; one left unmatched is a miss.
 */
export function checkYardstick(results: readonly { text: string; status: PageStatus; match: { id: string } | null }[], expectations: readonly Expectation[]): YardstickCheck {
  const wrong: string[] = [];
  const missed: string[] = [];
  for (const e of expectations) {
    const r = results.find((x) => x.text.startsWith(e.startsWith));
    if (!r) {
      wrong.push(`"${e.startsWith}…": not found`);
      continue;
    }
    if (r.status === 'unmatched' && e.status !== 'unmatched') {
      missed.push(e.startsWith);
      continue;
    }
    const want = e.or && r.match?.id === e.or.matchId ? e.or : e;
    if (r.status !== want.status || (want.matchId && r.match?.id !== want.matchId))
      wrong.push(`"${e.startsWith}…": expected ${want.status}${want.matchId ? ` (${want.matchId})` : ''}, got ${r.status} (${r.match?.id ?? 'no match'})`);
  }
  return { wrong, missed };
}
