import { describe, expect, it } from 'vitest';
import { DataError, mergeSources, parseClaimsFile, parseOriginsFile, type SourceSet } from '../../lib/pack/sources';

// Test fixtures only: invented ids and example.test URLs.
const ORIGINS = `
groups:
  - id: test-state
    name: Test state
    party: true
    why: A test group of one belligerent state.
  - id: test-analyst
    name: Test analyst
    party: false
    why: A test group of an independent analyst.
origins:
  - { id: test-mod, name: Test MoD, group: test-state, kind: military }
  - { id: test-think-tank, name: Test think tank, group: test-analyst, kind: analyst }
`;

const claimsYaml = (over: { url?: string; origin?: string; id?: string; stance?: string; date?: string } = {}) => `
topic: Test topic for unit tests
claims:
  - id: ${over.id ?? 'test-claim'}
    text: A test claim about a test event in Testville.
    entities: [Testville]
    when: { from: 2022-07-01 }
    statements:
      - origin: ${over.origin ?? 'test-mod'}
        stance: ${over.stance ?? 'asserts'}
        date: ${over.date ?? '2022-07-01'}
        summary: The test ministry said the test event happened.
        figures:
          - { what: deaths, value: 4 }
        reports:
          - { outlet: Test Wire, url: "${over.url ?? 'https://example.test/report'}", date: 2022-07-02 }
`;

function dataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseClaimsFile', () => {
  it('parses a valid file and fills defaults', () => {
    const f = parseClaimsFile(claimsYaml(), 'data/claims/test.yaml');
    expect(f.claims).toHaveLength(1);
    expect(f.claims[0]!.statements[0]!.figures).toEqual([{ what: 'deaths', value: 4, qualifier: 'exact' }]);
    expect(f.claims[0]!.when.from).toBe('2022-07-01');
  });

  it.each<[string, string, string, RegExp]>([
    ['a URL that is not http(s)', claimsYaml({ url: 'ftp://example.test/report' }), 'claims[0].statements[0].reports[0].url', /./],
    ['a URL that is not a URL', claimsYaml({ url: 'not a url' }), 'claims[0].statements[0].reports[0].url', /./],
    ['an unknown stance', claimsYaml({ stance: 'maybe' }), 'claims[0].statements[0].stance', /./],
    ['a date that is not YYYY-MM-DD', claimsYaml({ date: '3 July 2022' }), 'claims[0].statements[0].date', /YYYY-MM-DD/],
    ['an id with capitals', claimsYaml({ id: 'Test-Claim' }), 'claims[0].id', /lower-case id/],
    ['an unknown key', claimsYaml().replace('topic:', 'colour: red\ntopic:'), '', /colour/],
    ['a missing topic', claimsYaml().replace(/^topic:.*$/m, ''), 'topic', /./],
    ['no reports', claimsYaml().replace(/reports:\n.*\n/, 'reports: []\n'), 'claims[0].statements[0].reports', /at least one report/],
  ])('names the file and path of %s', (_name, yaml, path, problem) => {
    const e = dataError(() => parseClaimsFile(yaml, 'data/claims/test.yaml'));
    expect(e.file).toBe('data/claims/test.yaml');
    expect(e.path).toBe(path);
    expect(e.problem).toMatch(problem);
    expect(e.message).toBe(`data/claims/test.yaml${path ? ` at ${path}` : ''}: ${e.problem}`);
  });

  it('counts further problems', () => {
    const yaml = claimsYaml({ url: 'nope', stance: 'maybe' });
    const e = dataError(() => parseClaimsFile(yaml, 'x.yaml'));
    expect(e.problem).toMatch(/\(and 1 more problems\)$/);
  });

  it.each([
    ['a tab-broken mapping', 'topic: [unclosed\nclaims: []'],
    ['a bad indent', 'topic: Test\n claims:\n- x: : :'],
  ])('rejects invalid YAML (%s) naming the file', (_name, yaml) => {
    const e = dataError(() => parseClaimsFile(yaml, 'data/claims/broken.yaml'));
    expect(e.file).toBe('data/claims/broken.yaml');
    expect(e.path).toBe('');
    expect(e.message).toMatch(/^data\/claims\/broken\.yaml: not valid YAML: /);
  });
});

describe('parseOriginsFile', () => {
  it('parses groups and origins', () => {
    const f = parseOriginsFile(ORIGINS, 'data/origins/test.yaml');
    expect(f.groups.map((g) => g.id)).toEqual(['test-state', 'test-analyst']);
    expect(f.origins.map((o) => o.group)).toEqual(['test-state', 'test-analyst']);
  });

  it('defaults to empty lists', () => {
    expect(parseOriginsFile('{}', 'o.yaml')).toEqual({ groups: [], origins: [] });
  });

  it.each<[string, string, string]>([
    ['an unknown kind', ORIGINS.replace('kind: analyst', 'kind: blogger'), 'origins[1].kind'],
    ['party that is not a boolean', ORIGINS.replace('party: false', 'party: maybe'), 'groups[1].party'],
    ['a short why', ORIGINS.replace('why: A test group of one belligerent state.', 'why: short'), 'groups[0].why'],
  ])('names the path of %s', (_name, yaml, path) => {
    const e = dataError(() => parseOriginsFile(yaml, 'data/origins/test.yaml'));
    expect(e.path).toBe(path);
    expect(e.message.startsWith(`data/origins/test.yaml at ${path}: `)).toBe(true);
  });
});

describe('mergeSources', () => {
  const origins = () => ({ file: 'data/origins/a.yaml', data: parseOriginsFile(ORIGINS, 'data/origins/a.yaml') });
  const claims = (file: string, yaml = claimsYaml()) => ({ file, data: parseClaimsFile(yaml, file) });

  it('merges valid files', () => {
    const m = mergeSources({ origins: [origins()], claims: [claims('data/claims/a.yaml'), claims('data/claims/b.yaml', claimsYaml({ id: 'other-claim' }))] });
    expect(m.groups).toHaveLength(2);
    expect(m.origins).toHaveLength(2);
    expect(m.claims.map((c) => c.id)).toEqual(['test-claim', 'other-claim']);
  });

  it.each<[string, () => SourceSet, string, string, string]>([
    [
      'a duplicate claim id across files',
      () => ({ origins: [origins()], claims: [claims('data/claims/a.yaml'), claims('data/claims/b.yaml')] }),
      'data/claims/b.yaml',
      'claims[0].id',
      'duplicate claim id "test-claim"',
    ],
    [
      'a duplicate group id',
      () => ({ origins: [origins(), { file: 'data/origins/b.yaml', data: parseOriginsFile(ORIGINS.split('origins:')[0]!, 'b') }], claims: [] }),
      'data/origins/b.yaml',
      'groups[0].id',
      'duplicate group id "test-state"',
    ],
    [
      'a duplicate origin id',
      () => ({
        origins: [origins(), { file: 'data/origins/b.yaml', data: { groups: [], origins: [{ id: 'test-mod', name: 'Again', group: 'test-state', kind: 'military' as const }] } }],
        claims: [],
      }),
      'data/origins/b.yaml',
      'origins[0].id',
      'duplicate origin id "test-mod"',
    ],
    [
      'an origin in an unknown group',
      () => ({
        origins: [origins(), { file: 'data/origins/b.yaml', data: { groups: [], origins: [{ id: 'lost', name: 'Lost origin', group: 'no-such-group', kind: 'media' as const }] } }],
        claims: [],
      }),
      'data/origins/b.yaml',
      'origins[0].group',
      'unknown group "no-such-group"',
    ],
    [
      'a statement by an unknown origin',
      () => ({ origins: [origins()], claims: [claims('data/claims/a.yaml', claimsYaml({ origin: 'nobody' }))] }),
      'data/claims/a.yaml',
      'claims[0].statements[0].origin',
      'unknown origin "nobody"',
    ],
  ])('rejects %s', (_name, set, file, path, problem) => {
    const e = dataError(() => mergeSources(set()));
    expect([e.file, e.path, e.problem]).toEqual([file, path, problem]);
  });

  it('groups may be declared in a later file than their origins', () => {
    const later = { file: 'data/origins/z.yaml', data: parseOriginsFile(ORIGINS.split('origins:')[0]!.replace(/test-state/g, 'late-group').replace(/test-analyst/g, 'late-analyst'), 'z') };
    const early = { file: 'data/origins/a.yaml', data: { groups: [], origins: [{ id: 'early', name: 'Early origin', group: 'late-group', kind: 'media' as const }] } };
    expect(mergeSources({ origins: [early, later], claims: [] }).origins.map((o) => o.id)).toEqual(['early']);
  });
});
