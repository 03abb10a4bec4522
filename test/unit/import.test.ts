/**
 * Imported reference packs: parsing, validation (every bad-input case names the problem and where), the ClaimReview
 * mapping and the merge with the bundled pack. The good pack fixture and the ClaimReview documents below reuse real
 * statements (origins, outlets, dates, URLs) from our own reference data; bad inputs are generated here.
 */
import { claimVerdict } from '../../lib/engine/13-verdict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyzeBlocks } from '../../lib/engine';
import { bundledReference } from '../../lib/pack/bundled';
import { claimReviewToPack, namesIn, ratingStance, slugify } from '../../lib/pack/claimreview';
import { checkSize, ImportError, MAX_IMPORT_BYTES, mergePacks, namespacedClaimId, parseImport, readStoredPacks, withPack, type StoredPack } from '../../lib/pack/import';
import { ReferenceIndex } from '../../lib/pack/reference';
import type { Claim, Pack } from '../../lib/pack/schema';
import { verdict, directory } from '../../lib/engine/13-verdict';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'packs', 'belgorod-extra.json');
const goodText = () => readFileSync(FIXTURE, 'utf8');
const bundled = () => bundledReference().pack;
const NOW = new Date('2026-01-02T03:04:05Z');
const ctx = (imported: StoredPack[] = []) => ({ bundled: bundled(), imported, now: NOW });

/** The problems of the ImportError `fn` throws (fails when it does not throw one). */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as ImportError).problems;
  }
  throw new Error('expected an ImportError');
}

const good = (): Pack => JSON.parse(goodText());

// A sentence in our own words about the fixture's claim (the Insider's report that festival events were called off).
const FESTIVAL = 'Organisers in Belgorod called off the festivities planned for Sunday, 3 July, a local media editor told The Insider.';

describe('our pack format', () => {
  it('imports the fixture with its counts and the import time', () => {
    const p = parseImport(goodText(), 'belgorod-extra.json', ctx());
    expect(p.meta).toEqual({
      id: 'test-belgorod-extra',
      title: 'Test pack: Belgorod, 3 July 2022',
      version: '2026.1',
      format: 'pack',
      fileName: 'belgorod-extra.json',
      importedAt: NOW.toISOString(),
      counts: { claims: 1, statements: 1, origins: 0, outlets: 0 },
    });
  });

  it('merged with the bundled pack, its claim matches a sentence the bundled pack alone does not', () => {
    const ref = bundledReference();
    const before = analyzeBlocks([FESTIVAL], ref);
    expect(before.map((r) => r.status)).toEqual(['unmatched']);
    const stored = parseImport(goodText(), 'belgorod-extra.json', ctx());
    const merged = new ReferenceIndex(mergePacks(ref.pack, [stored]));
    const after = analyzeBlocks([FESTIVAL], merged);
    expect(after[0]!.match?.id).toBe('test-belgorod-extra:belgorod-festival-called-off');
    expect(after[0]!.status).toBe('single-sourced');
    expect(after[0]!.sources[0]).toMatchObject({ origin: expect.stringContaining('Insider'), url: 'https://theins.ru/en/news/252810' });
    expect(merged.pack.claims.length).toBe(ref.pack.claims.length + 1);
    expect(merged.pack.version).toBe(`${ref.pack.version}+test-belgorod-extra@2026.1`);
  });

  it('namespaces imported claim ids, so a copy of a bundled claim cannot clash with it', () => {
    const b = bundled();
    const copy: Pack = { ...good(), claims: [structuredClone(b.claims[0]!)] };
    const stored = parseImport(JSON.stringify(copy), 'copy.json', ctx());
    const merged = mergePacks(b, [stored]);
    const ids = merged.claims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(namespacedClaimId('test-belgorod-extra', b.claims[0]!.id));
    expect(() => new ReferenceIndex(merged)).not.toThrow();
  });

  it('keeps imported groups, origins and outlets (an identical copy of a bundled origin is allowed)', () => {
    const b = bundled();
    const p = good();
    const group = { id: 'test-insider-copy', name: 'Test group', party: false, why: 'A group defined by the imported pack.' };
    p.groups = [group];
    p.origins = [{ ...b.origins.find((o) => o.id === 'the-insider-journalists')! }, { id: 'test-insider-copy', name: 'Test origin', group: group.id, kind: 'media' }];
    p.outlets = [{ name: 'The Insider', affiliation: 'russian-media', country: 'Latvia' }];
    const stored = parseImport(JSON.stringify(p), 'x.json', ctx());
    const merged = mergePacks(b, [stored]);
    expect(merged.groups.map((g) => g.id)).toContain('test-insider-copy');
    expect(merged.origins.filter((o) => o.id === 'the-insider-journalists')).toHaveLength(1);
    expect(merged.origins.map((o) => o.id)).toContain('test-insider-copy');
  });

  it('replaces an imported pack with the same id instead of adding a second', () => {
    const a = parseImport(goodText(), 'a.json', ctx());
    const b2 = parseImport(goodText().replace('"2026.1"', '"2026.2"'), 'b.json', ctx([a]));
    const list = withPack(withPack([], a), b2);
    expect(list.map((p) => p.meta.version)).toEqual(['2026.2']);
  });
});

describe('bad input: refused with what is wrong, nothing else changes', () => {
  it('malformed JSON', () => {
    const [p] = problemsOf(() => parseImport(goodText().slice(0, 200), 'cut.json', ctx()));
    expect(p).toMatch(/^not valid JSON: /);
  });

  it('wrong schema: the path and the problem, the first few only, with the count of the rest', () => {
    const p = good() as unknown as { claims: Record<string, unknown>[] };
    p.claims[0]!.when = { from: '3 July 2022' };
    (p.claims[0]!.statements as { reports: { url: string }[] }[])[0]!.reports[0]!.url = 'theins.ru/en/news/252810';
    const problems = problemsOf(() => parseImport(JSON.stringify(p), 'bad.json', ctx()));
    expect(problems).toContain('at claims[0].when.from: expected a date as YYYY-MM-DD');
    expect(problems.some((x) => x.startsWith('at claims[0].statements[0].reports[0].url: '))).toBe(true);

    const many = good() as unknown as { claims: unknown[] };
    many.claims = Array.from({ length: 9 }, () => ({}));
    try {
      parseImport(JSON.stringify(many), 'many.json', ctx());
      expect.unreachable();
    } catch (e) {
      const err = e as ImportError;
      expect(err.problems).toHaveLength(5);
      expect(err.total).toBeGreaterThan(5);
      expect(err.message).toMatch(/\(and \d+ more\)$/);
    }
  });

  it('a JSON value that is no pack at all', () => {
    expect(problemsOf(() => parseImport('42', 'n.json', ctx()))[0]).toMatch(/expected a Crosscheck pack/);
    expect(problemsOf(() => parseImport('{"hello": "world"}', 'o.json', ctx()))[0]).toMatch(/^at id: /);
  });

  it('duplicate ids', () => {
    const p = good();
    p.claims.push(structuredClone(p.claims[0]!));
    p.groups = [
      { id: 'test-dup', name: 'Test group', party: false, why: 'A group defined twice.' },
      { id: 'test-dup', name: 'Test group', party: false, why: 'A group defined twice.' },
    ];
    const problems = problemsOf(() => parseImport(JSON.stringify(p), 'dup.json', ctx()));
    expect(problems).toContain('at claims[1].id: duplicate claim id "belgorod-festival-called-off"');
    expect(problems).toContain('at groups[1].id: duplicate group id "test-dup"');
  });

  it('statements naming unknown origins, origins naming unknown groups', () => {
    const p = good();
    p.claims[0]!.statements[0]!.origin = 'no-such-origin';
    p.origins = [{ id: 'test-origin', name: 'Test origin', group: 'no-such-group', kind: 'media' }];
    const problems = problemsOf(() => parseImport(JSON.stringify(p), 'unknown.json', ctx()));
    expect(problems).toEqual(['at origins[0].group: unknown group "no-such-group"', 'at claims[0].statements[0].origin: unknown origin "no-such-origin"']);
  });

  it('an origin that another pack defines differently, and the bundled pack id', () => {
    const p = good();
    const b = bundled();
    const o = b.origins.find((x) => x.id === 'ru-mod')!;
    p.origins = [{ ...o, name: 'Somebody else' }];
    expect(problemsOf(() => parseImport(JSON.stringify(p), 'x.json', ctx()))).toEqual([
      'at origins[0].id: origin "ru-mod" is already defined differently by the bundled pack',
    ]);
    expect(problemsOf(() => parseImport(JSON.stringify({ ...good(), id: b.id }), 'x.json', ctx()))[0]).toMatch(/id of the bundled pack/);
  });

  it('an origin of another imported pack cannot be used (removing that pack would break this one)', () => {
    const other = good();
    other.id = 'test-other';
    other.groups = [{ id: 'test-g', name: 'Test group', party: false, why: 'Defined by the other imported pack.' }];
    other.origins = [{ id: 'test-o', name: 'Test origin', group: 'test-g', kind: 'media' }];
    const installed = parseImport(JSON.stringify(other), 'other.json', ctx());
    const p = good();
    p.claims[0]!.statements[0]!.origin = 'test-o';
    expect(problemsOf(() => parseImport(JSON.stringify(p), 'x.json', ctx([installed])))).toEqual([
      'at claims[0].statements[0].origin: unknown origin "test-o"',
    ]);
  });

  it('a 50 MB file is refused by its size, with the limit, before it is parsed', () => {
    const huge = '['.padEnd(50 * 1024 * 1024, ' ');
    const parse = vi.spyOn(JSON, 'parse');
    const problems = problemsOf(() => parseImport(huge, 'huge.json', ctx()));
    expect(problems).toEqual(['the file is 50 MB; the limit is 8 MB (browser storage for extensions holds about 10 MB)']);
    expect(parse).not.toHaveBeenCalled();
    expect(() => checkSize(MAX_IMPORT_BYTES)).not.toThrow();
    expect(() => checkSize(MAX_IMPORT_BYTES + 1)).toThrow(/limit is 8 MB/);
    expect(() => checkSize(0)).toThrow(/empty/);
  });
});

describe('schema.org ClaimReview', () => {
  // A real claim of our data: the Kremlin's statement that sanctions caused the food crisis (asserts), EU officials'
  // rejection of it (disputes), the Russian foreign ministry repeating it (asserts). Dates, outlets and URLs are the
  // reports of those statements in our data; the ratings encode each statement's stance as ClaimReview would.
  const claim = bundled().claims.find((c) => c.id === 'food-sanctions-blamed-for-crisis')!;
  const st = (origin: string, stance: string) => claim.statements.find((s) => s.origin === origin && s.stance === stance)!;
  const name = (id: string) => bundled().origins.find((o) => o.id === id)!.name;
  const review = (reviewer: string, stance: string, rating: string) => {
    const s = st(reviewer, stance);
    const kremlin = st('kremlin', 'asserts');
    return {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: claim.text,
      url: s.reports[0]!.url,
      datePublished: s.reports[0]!.date,
      author: { '@type': 'Organization', name: name(reviewer) },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'GovernmentOrganization', name: name('kremlin') }, datePublished: kremlin.date },
      reviewRating: { '@type': 'Rating', alternateName: rating },
    };
  };
  const eu = () => review('eu-officials', 'disputes', 'False');
  const mfa = () => review('ru-mfa', 'asserts', 'True');

  it('maps the claimant to an asserting origin and the reviewer to one whose stance follows the rating', () => {
    const pack = claimReviewToPack(eu(), 'food.jsonld');
    expect(pack.id).toBe('claimreview-food');
    expect(pack.claims).toHaveLength(1);
    const c = pack.claims[0]!;
    expect(c.text).toBe(claim.text);
    expect(c.when.from).toBe(st('kremlin', 'asserts').date);
    expect(c.statements.map((s) => [s.origin, s.stance, s.date])).toEqual([
      ['cr-kremlin', 'asserts', st('kremlin', 'asserts').date],
      [`cr-${slugify(name('eu-officials'))}`, 'disputes', st('eu-officials', 'disputes').reports[0]!.date],
    ]);
    expect(c.statements[1]!.reports).toEqual([{ outlet: name('eu-officials'), url: st('eu-officials', 'disputes').reports[0]!.url, date: st('eu-officials', 'disputes').reports[0]!.date }]);
    expect(pack.origins.map((o) => o.kind)).toEqual(['government', 'media']);
    // Each organisation is its own independent group.
    expect(pack.groups).toHaveLength(2);
    expect(pack.groups.every((g) => !g.party)).toBe(true);
    expect(new Set(pack.origins.map((o) => o.group)).size).toBe(2);
    // And the verdict follows: an independent origin disputes the claimant.
    expect(verdict(c, directory(pack.origins, pack.groups)).status).toBe('disputed');
  });

  it('accepts an array and @graph; reviews of one claim become one claim; true ratings assert', () => {
    const fromArray = claimReviewToPack([mfa()], 'a.json');
    expect(fromArray.claims[0]!.statements.map((s) => s.stance)).toEqual(['asserts', 'asserts']);
    expect(verdict(fromArray.claims[0]!, directory(fromArray.origins, fromArray.groups)).status).toBe('corroborated');
    const graph = { '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage', name: 'ignored' }, eu(), mfa()] };
    const p = claimReviewToPack(graph, 'g.json');
    expect(p.claims).toHaveLength(1);
    expect(p.claims[0]!.statements.map((s) => s.stance)).toEqual(['asserts', 'disputes', 'asserts']);
    expect(p.origins).toHaveLength(3);
  });

  it('goes through the same checks as a pack, and is used by the engine', () => {
    const stored = parseImport(JSON.stringify({ '@graph': [eu(), mfa()] }), 'food-reviews.json', ctx());
    expect(stored.meta.format).toBe('claimreview');
    expect(stored.meta.counts).toEqual({ claims: 1, statements: 3, origins: 3, outlets: 0 });
    const merged = new ReferenceIndex(mergePacks(bundled(), [stored]));
    const ci = merged.pack.claims.findIndex((c: Claim) => c.id.startsWith('claimreview-food-reviews:'));
    expect(claimVerdict(merged, ci).status).toBe('disputed');
  });

  it('names each invalid review by its path; no ClaimReview at all is an error too', () => {
    const bad = { ...eu(), url: 'not a url', datePublished: 'yesterday' };
    const problems = problemsOf(() => parseImport(JSON.stringify({ '@graph': [eu(), bad] }), 'bad.json', ctx()));
    expect(problems).toContain('at @graph[1].url: expected an http(s) URL');
    expect(problems).toContain('at @graph[1].datePublished: expected an ISO date (YYYY-MM-DD…)');
    expect(problemsOf(() => parseImport('{"@context":"https://schema.org","@type":"WebPage"}', 'p.json', ctx()))[0]).toMatch(/^no ClaimReview found/);
    const noAuthor = structuredClone(eu()) as Record<string, unknown>;
    delete noAuthor.author;
    expect(problemsOf(() => parseImport(JSON.stringify([noAuthor]), 'p.json', ctx()))[0]).toMatch(/^at \[0\]\.author: /);
  });

  it('ratings: words first, else the value on its scale', () => {
    expect(ratingStance({ alternateName: 'Mostly False' })).toBe('disputes');
    expect(ratingStance({ alternateName: 'Misleading' })).toBe('disputes');
    expect(ratingStance({ alternateName: 'Not true' })).toBe('disputes');
    expect(ratingStance({ alternateName: 'Half True' })).toBe('context');
    expect(ratingStance({ alternateName: 'Mostly true' })).toBe('asserts');
    expect(ratingStance({ ratingValue: 1, bestRating: 5, worstRating: 1 })).toBe('disputes');
    expect(ratingStance({ ratingValue: '5', bestRating: '5', worstRating: '1' })).toBe('asserts');
    expect(ratingStance({ ratingValue: 3 })).toBe('context');
    expect(ratingStance({})).toBe('context');
  });

  it('entities are the names in the claim', () => {
    expect(namesIn(claim.text)).toEqual(['Western', 'Russia']);
    expect(namesIn('The Kremlin said the Zaporizhzhia Nuclear Power Plant was safe.')).toEqual(['Kremlin', 'Zaporizhzhia Nuclear Power Plant']);
  });
});

describe('stored packs', () => {
  it('reads leniently: an entry that no longer validates is left out', () => {
    const ok = parseImport(goodText(), 'a.json', ctx());
    expect(readStoredPacks([ok, { meta: {}, pack: {} }, null])).toEqual({ packs: [ok], dropped: 2 });
    expect(readStoredPacks('nonsense')).toEqual({ packs: [], dropped: 0 });
  });

  it('a merged claim whose origin has gone from the bundled pack is left out instead of breaking verdicts', () => {
    const stored = parseImport(goodText(), 'a.json', ctx());
    const b = bundled();
    const without = { ...b, origins: b.origins.filter((o) => o.id !== 'the-insider-journalists') };
    const merged = mergePacks(without, [stored]);
    expect(merged.claims.some((c) => c.id.startsWith('test-belgorod-extra:'))).toBe(false);
  });
});
