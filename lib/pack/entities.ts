/**
 * What the prebuilt Fuse index holds: the entity names of the pack's claims (places, people, bodies), one document
 * per distinct name with the claims that name it. Fuzzy search over names catches transliterations and typos that
 * news copy is full of (Lisichansk / Lysychansk, Severodonetsk / Sievierodonetsk, Donestsk / Donetsk); the
 * candidates are then scored on the whole sentence (see lib/match.ts).
 */
import type { Pack } from './schema';

export interface EntityDoc {
  /** The entity name as written in the data. */
  n: string;
  /** Indices of the claims in `pack.claims` that name it. */
  c: number[];
}

export const FUSE_KEYS = ['n'];

export function entityDocs(pack: Pack): EntityDoc[] {
  const byName = new Map<string, EntityDoc>();
  pack.claims.forEach((claim, ci) => {
    // Series claims are found by their figures (see lib/match.ts), not by name.
    if (claim.series) return;
    for (const e of claim.entities) {
      const key = e.toLowerCase();
      const doc = byName.get(key) ?? { n: e, c: [] };
      if (doc.c.at(-1) !== ci) doc.c.push(ci);
      byName.set(key, doc);
    }
  });
  return [...byName.values()];
}
