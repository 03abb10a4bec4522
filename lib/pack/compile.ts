/** Compiles merged sources and generated series into the pack and its prebuilt Fuse index. */
import Fuse, { type FuseIndex } from 'fuse.js';
import type { Claim, Event, Group, Origin, Outlet, Pack } from './schema';
import { entityDocs, FUSE_KEYS, type EntityDoc } from './entities';

export interface CompileInput {
  version: string;
  groups: Group[];
  origins: Origin[];
  outlets: Outlet[];
  events?: Event[];
  claims: Claim[];
  licences: string[];
}

export function compilePack(input: CompileInput): Pack {
  return {
    id: 'crosscheck-reference',
    version: input.version,
    title: 'Crosscheck reference pack: Russia–Ukraine war, summer 2022',
    licences: input.licences,
    groups: input.groups,
    origins: input.origins,
    outlets: input.outlets,
    events: input.events ?? [],
    claims: input.claims,
  };
}

/** The prebuilt Fuse index (JSON), so the extension never builds it at run time. */
export function buildIndex(pack: Pack): ReturnType<FuseIndex<EntityDoc>['toJSON']> {
  return Fuse.createIndex<EntityDoc>(FUSE_KEYS, entityDocs(pack)).toJSON();
}
