/**
 * Stage 09, events: what kind of event a sentence reports, and a claim describes — capture, withdrawal, encirclement,
 * strike, casualties, shoot-down, sinking, detention, evacuation or surrender, denial, decision, investigation, aid,
 * diplomacy, damage, and the kinds that are never a war event of the pack (a court case, an accident, a protest).
 *
 * Each type is a lexicon over the normalised tokens of stage 06 (lemmas: "takes", "took" and "taken" are all "take";
 * "seizes" and "liberated" are "capture"), so headline forms are covered — the present tense ("Moscow seizes"), the
 * nominalisation ("the fall of", "retreat from"), the passive ("was shelled") — plus a few two-word phrases ("pull
 * out", "shot down", "cut off", "lay down arms"). The page's event type must agree with the claim's: a road accident
 * or a court ruling in a city the pack knows never matches the strike there.
 */
import { tokens } from './06-normalise';

export type EventType =
  | 'capture'
  | 'withdrawal'
  | 'encirclement'
  | 'strike'
  | 'casualties'
  | 'shoot-down'
  | 'sinking'
  | 'detention'
  | 'evacuation'
  | 'surrender'
  | 'denial'
  | 'decision'
  | 'investigation'
  | 'aid'
  | 'diplomacy'
  | 'damage'
  | 'legal'
  | 'accident'
  | 'protest';

/** Tokens (after stage 06) that signal each type. */
const LEXICON: Record<EventType, string[]> = {
  capture: ['capture', 'take', 'control', 'fall', 'flag', 'storm', 'enter', 'clear', 'advance', 'gain', 'hold', 'recapture', 'retake', 'occupation'],
  withdrawal: ['withdraw', 'abandon', 'quit', 'regroup', 'regrouping', 'redeploy', 'redeployment', 'relocate', 'exit', 'flee'],
  encirclement: ['surround', 'encirclement', 'semi-encirclement', 'blockade', 'besiege', 'siege'],
  strike: ['strike', 'shell', 'bomb', 'bombing', 'missile', 'drone', 'blast', 'target', 'pound', 'launch', 'airstrike', 'raid', 'barrage', 'hit', 'fire', 'himars', 'tochka', 'iskander', 'kalibr', 'artillery', 'rocket'],
  casualties: ['kill', 'injure', 'casualty', 'victim', 'body', 'corpse', 'grave', 'massacre', 'execute', 'execution', 'torture', 'civilian', 'murder', 'missing', 'rubble'],
  'shoot-down': ['intercept', 'shoot', 'down', 'downed', 'crash'],
  sinking: ['sink', 'sank', 'sunk', 'sinking', 'cruiser', 'flagship', 'warship'],
  detention: ['detain', 'arrest', 'pow', 'captive', 'abduct', 'kidnap', 'hostage', 'imprison', 'detention', 'jail', 'colony'],
  evacuation: ['evacuate', 'rescue', 'corridor', 'exchange', 'swap'],
  surrender: ['surrender', 'garrison', 'arm'],
  denial: ['deny', 'reject', 'dismiss', 'refute', 'fake', 'stage', 'provocation', 'lie', 'hoax', 'false', 'disinformation', 'propaganda', 'fabricate', 'fabrication', 'untrue'],
  decision: ['sanction', 'ban', 'embargo', 'approve', 'adopt', 'sign', 'vote', 'decide', 'grant', 'candidate', 'status', 'resolution', 'law', 'decree', 'annex', 'annexation', 'referendum', 'package', 'membership', 'join'],
  investigation: ['investigate', 'investigation', 'probe', 'inquiry', 'evidence', 'finding', 'conclude', 'satellite', 'imagery', 'footage', 'analysis', 'forensic'],
  aid: ['deliver', 'delivery', 'supply', 'aid', 'weapon', 'assistance', 'pledge', 'donate', 'loan'],
  diplomacy: ['meet', 'meeting', 'summit', 'talk', 'visit', 'negotiate', 'negotiation', 'call', 'envoy', 'council'],
  damage: ['damage', 'destroy', 'flood', 'collapse', 'ruin', 'burn', 'breach', 'power', 'blackout', 'outage'],
  legal: ['court', 'trial', 'sentence', 'convict', 'verdict', 'judge', 'fine', 'acquit', 'lawsuit', 'plead'],
  accident: ['accident', 'collision', 'derail', 'wreck'],
  protest: ['protest', 'rally', 'demonstration', 'demonstrator', 'march'],
};

/** Two-word forms, on the lower-cased text. */
const PHRASES: [RegExp, EventType][] = [
  [/\bpull(?:s|ed|ing)? (?:out|back)\b/, 'withdrawal'],
  [/\bmov(?:e|es|ed|ing) out\b/, 'withdrawal'],
  [/\b(?:left|leave|leaves|leaving) (?:the )?(?:city|town|village|island|region|plant|positions?|area|garrison)\b/, 'withdrawal'],
  [/\bshot down\b|\bshoot(?:s|ing)? down\b|\bdown(?:s|ed|ing)? (?:a |an |the |two |three )?(?:plane|aircraft|jet|helicopter|drone|missile)/, 'shoot-down'],
  [/\bcut off\b/, 'encirclement'],
  [/\blay(?:s|ing)? down (?:their |its )?arms\b|\blaid down (?:their |its )?arms\b/, 'surrender'],
  [/\bclaim(?:s|ed|ing)? (?:all of|control of|full control|the whole|the entire|victory in)\b/, 'capture'],
  [/\btook control\b|\btake(?:s|n)? control\b|\bfull control\b|\bunder (?:the )?control\b/, 'capture'],
  [/\broad accident\b|\bcar crash\b|\btraffic accident\b/, 'accident'],
];

/** Types that are never an event of the war the pack records: a sentence of one of these only, never matches another. */
export const FOREIGN_TYPES = new Set<EventType>(['legal', 'accident', 'protest']);

const index = new Map<string, EventType[]>();
for (const [type, words] of Object.entries(LEXICON) as [EventType, string[]][])
  for (const w of words) for (const t of tokens(w)) index.set(t, [...(index.get(t) ?? []), type]);

/** The event types a text signals, from its normalised tokens and two-word phrases. */
export function eventTypes(text: string, toks: readonly string[] = tokens(text)): Set<EventType> {
  const out = new Set<EventType>();
  for (const t of toks) for (const type of index.get(t) ?? []) out.add(type);
  const lower = text.toLowerCase();
  for (const [re, type] of PHRASES) if (re.test(lower)) out.add(type);
  return out;
}

export interface EventAgreement {
  /** The sentence and the claim share a type. */
  agree: boolean;
  /** Both signal types, and none in common. */
  conflict: boolean;
  /** The sentence's only types are foreign to the war's events (court, accident, protest) and the claim has none. */
  foreign: boolean;
}

export function eventAgreement(sentence: ReadonlySet<EventType>, claim: ReadonlySet<EventType>): EventAgreement {
  let agree = false;
  for (const t of sentence) if (claim.has(t)) agree = true;
  const conflict = !agree && sentence.size > 0 && claim.size > 0;
  const foreign = [...sentence].some((t) => FOREIGN_TYPES.has(t) && !claim.has(t));
  return { agree, conflict, foreign };
}
