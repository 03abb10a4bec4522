/** Lookups over a pack's origins, groups and outlets, and how a card names an outlet's side. */
import type { Group, Origin, Outlet } from './schema';

export interface Directory {
  origin(id: string): Origin;
  group(id: string): Group;
  outlet?(name: string): Outlet | undefined;
}

const AFFILIATION_LABEL: Record<Outlet['affiliation'], string> = {
  'russian-state': 'Russian state media',
  'ukrainian-state': 'Ukrainian state media',
  'russian-media': 'Russian media',
  'ukrainian-media': 'Ukrainian media',
  international: '',
};

/** How a card names an outlet's side: "Russian state media", "Ukrainian media", "Iran, state media", "Qatar". */
export function outletLabel(o: Outlet): string {
  if (o.affiliation !== 'international') return AFFILIATION_LABEL[o.affiliation];
  const country = o.country === 'unknown' ? '' : o.country;
  return o.state ? (country ? `${country}, state media` : 'state media') : country;
}

/** A Directory over plain lists; throws on unknown ids (the data build guarantees they exist). */
export function directory(origins: readonly Origin[], groups: readonly Group[], outlets: readonly Outlet[] = []): Directory {
  const o = new Map(origins.map((x) => [x.id, x]));
  const g = new Map(groups.map((x) => [x.id, x]));
  const w = new Map(outlets.map((x) => [x.name, x]));
  return {
    outlet: (name) => w.get(name),
    origin(id) {
      const found = o.get(id);
      if (!found) throw new Error(`unknown origin "${id}"`);
      return found;
    },
    group(id) {
      const found = g.get(id);
      if (!found) throw new Error(`unknown group "${id}"`);
      return found;
    },
  };
}

