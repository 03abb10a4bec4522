/**
 * Stage 12, stance: what the page does with the claim it matched — states it ("asserts", in its own voice or by
 * reporting someone who asserts it), contradicts it in its own voice ("denies"), or reports someone's denial or
 * dispute of it ("reports-denial": "Kyiv rejected…", "the city is not encircled, the governor said", "'fake news',
 * says the Kremlin"). The claim's status stays the claim's own; the card and the popup say what the page does, and a
 * sentence that contradicts a claim is never presented as asserting it.
 *
 * Three cases, on the normalised tokens of stage 06:
 * 1. the sentence frames a denial (deny, reject, dismiss, refute, "fake", "no evidence"…) of a claim that is not
 *    itself a denial;
 * 2. the sentence negates an event word of the claim ("not surrounded", "have not established full control");
 * 3. the claim negates something the sentence affirms (the claim "sea mines, not a Russian blockade, keep the ships
 *    in port" against "prevented from being exported by the blockade").
 * Otherwise the page asserts the claim.
 */
import { tokens } from './06-normalise';
import { eventTypes } from './09-events';

export type PageStance = 'asserts' | 'denies' | 'reports-denial';

/** A denial frame: someone denies, rejects or dismisses something, or calls it fake. */
const DENIAL =
  /\b(?:den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|rebut(?:s|ted)?|rebuff(?:s|ed)?|debunk(?:s|ed)?|contradict(?:s|ed|ing)?|pushed back against|refuses? to (?:recogni[sz]e|confirm|acknowledge)|(?:is|was|are|were|as|called|calls|call) (?:a |an )?(?:fake|lie|lies|false|untrue|baseless|fabricat\w+|nonsense|provocation)|fake news|no evidence|not true|never happened)\b/i;

/** Negation cues; the next few content words are in their scope. */
const NEGATION = /\b(?:not|no|never|nor|without|neither|rather than|instead of|no longer)\b|n['’]t\b/gi;
const SCOPE = 3;

/** Content tokens within the scope of a negation cue. */
export function negatedTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(NEGATION)) {
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 60);
    for (const t of tokens(after).slice(0, SCOPE)) if (!/^\d/.test(t)) out.add(t);
  }
  return out;
}

/** Tokens of a text outside any negation's scope. */
function affirmedTerms(text: string): Set<string> {
  const neg = negatedTerms(text);
  return new Set(tokens(text).filter((t) => !neg.has(t) && !/^\d/.test(t)));
}

/** Terms that carry a claim's predicate: its event words ("surround", "control", "capture"), not its names. */
function keyTerms(claimText: string): Set<string> {
  const types = eventTypes(claimText);
  const out = new Set<string>();
  for (const t of tokens(claimText)) if ([...eventTypes(t, [t])].some((x) => types.has(x))) out.add(t);
  return out;
}

export interface StanceClaim {
  text: string;
  entities: readonly string[];
}

export function pageStance(sentence: string, claim: StanceClaim, speaker: string | null): PageStance {
  const reported = (): PageStance => (speaker ? 'reports-denial' : 'denies');
  const claimIsDenial = DENIAL.test(claim.text);
  const claimNeg = negatedTerms(claim.text);
  // 3. The claim denies what the sentence affirms.
  if (claimNeg.size) {
    const affirmed = affirmedTerms(sentence);
    const key = [...claimNeg].filter((t) => eventTypes(t, [t]).size > 0);
    if (key.some((t) => affirmed.has(t))) return reported();
    return 'asserts';
  }
  if (claimIsDenial) return 'asserts';
  // 1. A denial of the claim: what is denied (the words after the denial, to the end of its clause — or before it,
  // in "…, Kyiv denied") says something the claim says.
  const m = DENIAL.exec(sentence);
  if (m) {
    const claimTerms = keyTerms(claim.text);
    const after = sentence.slice(m.index + m[0].length).split(/\s+and\s+(?:said|says|accused|blamed)\b|;|\s+but\s+|\.\s/)[0]!;
    const before = sentence.slice(0, m.index).split(/[;,]\s*(?=[^,;]*$)/).at(-1) ?? '';
    const object = tokens(after).slice(0, 12).length ? tokens(after).slice(0, 12) : tokens(before);
    if (object.some((t) => claimTerms.has(t)) || (!tokens(after).length && tokens(before).some((t) => claimTerms.has(t)))) return reported();
  }
  // 2. A key term of the claim negated.
  const key = keyTerms(claim.text);
  for (const t of negatedTerms(sentence)) if (key.has(t)) return reported();
  return 'asserts';
}
