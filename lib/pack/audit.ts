/**
 * The provenance audit, as a pure function over the compiled pack: counts, problems (statements lacking an outlet,
 * date or URL, reports dated before the statement they carry, duplicate ids, origins without a group, unused origins)
 * and the coverage targets of the hand-curated data.
 */
import { directory, verdict, type Status } from '../verdict';
import type { Pack } from './schema';

export interface AuditCounts {
  claims: number;
  statements: number;
  reports: number;
  urls: number;
  outlets: number;
  origins: number;
  groups: number;
  byStatus: Record<Status, number>;
}

export interface AuditResult {
  hand: AuditCounts;
  all: AuditCounts;
  problems: { kind: string; items: string[] }[];
  targets: { name: string; want: number; got: number; ok: boolean }[];
  /** Independence groups by side: party groups and independent ones. */
  sides: { party: string[]; independent: string[] };
  /** Outlets of the hand-curated reports by affiliation (data/outlets.yaml). */
  outletsBySide: Record<string, number>;
}

function count(pack: Pack, claims: Pack['claims']): AuditCounts {
  const dir = directory(pack.origins, pack.groups);
  const reports = claims.flatMap((c) => c.statements.flatMap((s) => s.reports));
  const usedOrigins = new Set(claims.flatMap((c) => c.statements.map((s) => s.origin)));
  const usedGroups = new Set([...usedOrigins].map((o) => dir.origin(o).group));
  const byStatus: Record<Status, number> = { corroborated: 0, disputed: 0, 'single-sourced': 0 };
  for (const c of claims) byStatus[verdict(c, dir).status]++;
  return {
    claims: claims.length,
    statements: claims.reduce((n, c) => n + c.statements.length, 0),
    reports: reports.length,
    urls: new Set(reports.map((r) => r.url)).size,
    outlets: new Set(reports.map((r) => r.outlet)).size,
    origins: usedOrigins.size,
    groups: usedGroups.size,
    byStatus,
  };
}

export const TARGETS = { claims: 80, statements: 250, outlets: 30, groups: 10 };

export function audit(pack: Pack): AuditResult {
  const hand = pack.claims.filter((c) => !c.series);
  const problems: AuditResult['problems'] = [];
  const add = (kind: string, items: string[]) => problems.push({ kind, items });

  const missing: string[] = [];
  const early: string[] = [];
  for (const c of pack.claims)
    c.statements.forEach((s, i) => {
      if (!s.reports.length) missing.push(`${c.id} statement ${i}: no report`);
      s.reports.forEach((r, j) => {
        const where = `${c.id} statement ${i} report ${j}`;
        if (!r.outlet?.trim()) missing.push(`${where}: no outlet`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date ?? '')) missing.push(`${where}: no date`);
        if (!/^https?:\/\/[^/\s]+\.[^/\s]+/.test(r.url ?? '')) missing.push(`${where}: no URL`);
        if (r.date && r.date < s.date) early.push(`${where}: report dated ${r.date}, before the statement (${s.date})`);
      });
    });
  add('statements lacking an outlet, date or URL', missing);
  add('reports dated before the statement they carry', early);

  const dupes = (ids: string[]) => [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  add('duplicate claim ids', dupes(pack.claims.map((c) => c.id)));
  add('duplicate origin ids', dupes(pack.origins.map((o) => o.id)));
  add('duplicate group ids', dupes(pack.groups.map((g) => g.id)));
  const groupIds = new Set(pack.groups.map((g) => g.id));
  add(
    'origins without a group',
    pack.origins.filter((o) => !groupIds.has(o.group)).map((o) => `${o.id} (group "${o.group}")`),
  );
  const originIds = new Set(pack.origins.map((o) => o.id));
  add(
    'statements whose origin is unknown',
    pack.claims.flatMap((c) => c.statements.filter((s) => !originIds.has(s.origin)).map((s) => `${c.id}: ${s.origin}`)),
  );

  const labels = new Map(pack.outlets.map((o) => [o.name, o]));
  const usedOutlets = [...new Set(pack.claims.flatMap((c) => c.statements.flatMap((s) => s.reports.map((r) => r.outlet))))];
  add('outlets without a label in data/outlets.yaml', usedOutlets.filter((o) => !labels.has(o)).sort());
  const outletsBySide: Record<string, number> = {};
  for (const name of new Set(hand.flatMap((c) => c.statements.flatMap((s) => s.reports.map((r) => r.outlet))))) {
    const side = labels.get(name)?.affiliation ?? 'unlabelled';
    outletsBySide[side] = (outletsBySide[side] ?? 0) + 1;
  }

  const all = count(pack, pack.claims);
  const h = count(pack, hand);
  const dir = directory(pack.origins, pack.groups.filter((g) => groupIds.has(g.id)));
  const usedGroups = [...new Set(hand.flatMap((c) => c.statements.map((s) => dir.origin(s.origin).group)))];
  const sides = {
    party: usedGroups.filter((g) => dir.group(g).party),
    independent: usedGroups.filter((g) => !dir.group(g).party),
  };
  const third = Math.ceil(h.claims * 0.1);
  const targets = [
    { name: 'hand-curated claims', want: TARGETS.claims, got: h.claims },
    { name: 'hand-curated statements', want: TARGETS.statements, got: h.statements },
    { name: 'distinct outlets', want: TARGETS.outlets, got: h.outlets },
    { name: 'independence groups', want: TARGETS.groups, got: h.groups },
    { name: 'party groups (both sides)', want: 2, got: sides.party.length },
    { name: 'independent groups', want: 1, got: sides.independent.length },
    { name: 'outlets of the Russian side', want: 1, got: (outletsBySide['russian-state'] ?? 0) + (outletsBySide['russian-media'] ?? 0) },
    { name: 'outlets of the Ukrainian side', want: 1, got: (outletsBySide['ukrainian-state'] ?? 0) + (outletsBySide['ukrainian-media'] ?? 0) },
    { name: 'international outlets', want: 1, got: outletsBySide.international ?? 0 },
    { name: 'corroborated claims (≥ 10 %)', want: third, got: h.byStatus.corroborated },
    { name: 'disputed claims (≥ 10 %)', want: third, got: h.byStatus.disputed },
    { name: 'single-sourced claims (≥ 10 %)', want: third, got: h.byStatus['single-sourced'] },
  ].map((t) => ({ ...t, ok: t.got >= t.want }));
  return { hand: h, all, problems, targets, sides, outletsBySide };
}
