/**
 * The `check` command (docs: cli-contract.md): the real script run with tsx in child processes (all spawned at once in
 * beforeAll, so the file stays fast), plus `toReport` and the `CheckReport` schema tested directly.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_SEPARATOR } from '../../lib/engine/04-detect';
import { analyzeBlocks, type ClaimResult } from '../../lib/engine';
import { ReferenceIndex } from '../../lib/pack/reference';
import { Pack } from '../../lib/pack/schema';
import { CheckReport, toReport } from '../../lib/report';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const FIXTURE = 'test/fixtures/cli-sample.html';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/check.ts', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** A small extra pack in our own words: one group, one origin, one claim also asserted by a bundled origin. */
const extraPack = {
  id: 'cli-test-extra',
  version: '1',
  title: 'CLI test extra pack',
  licences: ['Written for the CLI test.'],
  groups: [{ id: 'cli-test-group', name: 'CLI test group', party: false, why: 'A group that exists only in this test.' }],
  origins: [{ id: 'cli-test-origin', name: 'CLI test origin', group: 'cli-test-group', kind: 'media' }],
  claims: [
    {
      id: 'cli-test-basements',
      text: 'Residents who left Lysychansk spent long nights in basements without power or water.',
      entities: ['Lysychansk'],
      when: { from: '2022-07-01' },
      statements: [
        {
          origin: 'cli-test-origin',
          stance: 'asserts',
          date: '2022-07-03',
          summary: 'Residents described nights spent in basements.',
          reports: [{ outlet: 'Example outlet', url: 'https://example.org/basements', date: '2022-07-03' }],
        },
        {
          origin: 'ua-general-staff',
          stance: 'asserts',
          date: '2022-07-03',
          summary: 'The same account, relayed by a bundled origin.',
          reports: [{ outlet: 'Example outlet', url: 'https://example.org/basements-2', date: '2022-07-03' }],
        },
      ],
    },
  ],
};

const TXT = 'Life in the basements\nResidents who left Lysychansk said they had spent long nights in basements without power or water.\n';

let dir: string;
const runs = {} as Record<'json' | 'table' | 'missing' | 'badJson' | 'badSchema' | 'dupId' | 'stdin' | 'txt' | 'dated' | 'undated' | 'badDate', Run>;

/** Ours: a total of the General Staff's without a day of its own (the article's date decides which report). */
const GS_TXT = 'Losses\nRussian losses have reached 37,300 soldiers since the invasion began, the General Staff said.\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crosscheck-cli-'));
  const f = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const badJson = f('bad.json', '{"id": "oops",');
  const badSchema = f('schema.json', JSON.stringify({ ...extraPack, claims: [{ ...extraPack.claims[0], id: 'Not A Slug' }] }));
  const dupId = f('dup.json', JSON.stringify({ ...extraPack, claims: [{ ...extraPack.claims[0], id: 'ua-gs-losses-2022-07-03' }] }));
  const extra = f('extra.json', JSON.stringify(extraPack));
  const txt = f('article.txt', TXT);
  const gs = f('gs.txt', GS_TXT);
  const html = readFileSync(join(ROOT, FIXTURE), 'utf8');
  const [json, table, missing, bj, bs, dup, stdin, t, dated, undated, badDate] = await Promise.all([
    run([FIXTURE, '--json']),
    run([FIXTURE]),
    run([join(dir, 'no-such-article.html'), '--json']),
    run([FIXTURE, '--json', '--pack', badJson]),
    run([FIXTURE, '--json', '--pack', badSchema]),
    run([FIXTURE, '--json', `--pack=${dupId}`]),
    run(['-', '--json'], html),
    run([txt, '--json', '--pack', extra]),
    run([gs, '--json', '--date', '2022-07-12']),
    run([gs, '--json']),
    run([gs, '--json', '--date', '2022-13-40']),
  ]);
  Object.assign(runs, { json, table, missing, badJson: bj, badSchema: bs, dupId: dup, stdin, txt: t, dated, undated, badDate });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneLine = (s: string) => s.trimEnd().split('\n');

describe('check command', () => {
  it('prints one JSON object that passes CheckReport, with the General Staff figure matched', () => {
    const r = runs.json;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = CheckReport.parse(JSON.parse(r.stdout));
    expect(report.source).toBe(FIXTURE);
    expect(report.pack.claims).toBeGreaterThan(100);
    expect(report.pack.statements).toBeGreaterThanOrEqual(report.pack.claims);
    expect(report.claims.length).toBeGreaterThan(2);
    const gs = report.claims.find((c) => c.match?.id === 'ua-gs-losses-2022-07-03');
    expect(gs).toBeDefined();
    expect(gs!.status).toBe('single-sourced');
    expect(gs!.text).toContain('35,970');
    expect(gs!.figures).toContainEqual({ text: expect.stringContaining('35,970'), value: 35970, check: 'matches' });
    expect(gs!.sources.some((s) => s.stance === 'asserts')).toBe(true);
    for (const c of report.claims) expect(c.match === null).toBe(c.status === 'unmatched');
    // Claims are in page order, with increasing offsets.
    const starts = report.claims.map((c) => c.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('prints a table with a status column and a summary line', () => {
    const r = runs.table;
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('STATUS'));
    expect(header).toMatch(/^STATUS\s+SENTENCE\s+MATCHED REFERENCE CLAIM\s+WHY$/);
    expect(lines.some((l) => l.startsWith('single-sourced '))).toBe(true);
    expect(r.stdout).toContain('ua-gs-losses-2022-07-03');
    expect(r.stdout).toMatch(/\d+ check-worthy claims: \d+ corroborated, \d+ disputed, [1-9]\d* single-sourced, \d+ unmatched\./);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
  });

  it('--date checks a total against that day’s report (37,300 was the report of 10 July 2022; a page of 12 July is two reports on)', () => {
    const dated = CheckReport.parse(JSON.parse(runs.dated.stdout));
    expect(dated.claims[0]!.match?.id).toBe('ua-gs-losses-2022-07-12');
    expect(dated.claims[0]!.figures[0]!.check).toBe('differs');
    // Without a date the report whose figures the sentence gives exactly.
    const undated = CheckReport.parse(JSON.parse(runs.undated.stdout));
    expect(undated.claims[0]!.match?.id).toBe('ua-gs-losses-2022-07-10');
    expect(undated.claims[0]!.figures[0]!.check).toBe('matches');
  });

  it('exits 2 with one line for a --date that is not a day', () => {
    expect(runs.badDate.status).toBe(2);
    expect(runs.badDate.stderr).toMatch(/--date "2022-13-40": expected a day as YYYY-MM-DD/);
  });

  it('exits 2 with one line on stderr for a missing file', () => {
    const r = runs.missing;
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/no-such-article\.html.*no such file/);
  });

  it('exits 2 with one line naming the file for a --pack that is not JSON', () => {
    const r = runs.badJson;
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.json.*not valid JSON/);
  });

  it('exits 2 with one line naming the file and the path for a schema-invalid --pack', () => {
    const r = runs.badSchema;
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/schema\.json.*claims\[0\]\.id.*lower-case id/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('exits 2 when a --pack claim id clashes with the bundled pack', () => {
    const r = runs.dupId;
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/dup\.json.*duplicate claim id "ua-gs-losses-2022-07-03"/);
  });

  it('reads HTML from standard input with "-" and gives the same claims as the file', () => {
    const r = runs.stdin;
    expect(r.status).toBe(0);
    const report = CheckReport.parse(JSON.parse(r.stdout));
    expect(report.source).toBe('-');
    const fromFile = CheckReport.parse(JSON.parse(runs.json.stdout));
    expect(report.claims).toEqual(fromFile.claims);
  });

  it('reads .txt input and merges a valid --pack into the bundled one', () => {
    const r = runs.txt;
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = CheckReport.parse(JSON.parse(r.stdout));
    const bundled = CheckReport.parse(JSON.parse(runs.json.stdout)).pack;
    expect(report.pack.claims).toBe(bundled.claims + 1);
    expect(report.pack.statements).toBe(bundled.statements + 2);
    expect(report.pack.version).toContain('cli-test-extra');
    expect(report.claims).toHaveLength(1);
    const [c] = report.claims;
    // The title line is block 0; offsets are into the blocks joined by a blank line.
    const text = TXT.trim().split('\n').join(BLOCK_SEPARATOR);
    expect(text.slice(c!.start, c!.end)).toBe(c!.text);
    expect(c!.match?.id).toBe('cli-test-basements');
    expect(c!.status).toBe('corroborated');
  });
});

describe('toReport', () => {
  const pack = Pack.parse({
    id: 'unit-pack',
    version: '0.0.1',
    title: 'Unit pack',
    licences: [],
    outlets: [],
    groups: [
      { id: 'side-a', name: 'Side A', party: true, why: 'One side of an imagined conflict.' },
      { id: 'monitor', name: 'Monitor', party: false, why: 'An imagined independent monitor.' },
    ],
    origins: [
      { id: 'a-ministry', name: 'A ministry', group: 'side-a', kind: 'government' },
      { id: 'monitor-org', name: 'Monitor org', group: 'monitor', kind: 'ngo' },
    ],
    claims: [
      {
        id: 'bridge-destroyed',
        text: 'Side A forces destroyed the Zarnitsa river bridge near Velyka Dolyna.',
        entities: ['Zarnitsa', 'Velyka Dolyna'],
        when: { from: '2022-06-01' },
        statements: [
          {
            origin: 'a-ministry',
            stance: 'asserts',
            date: '2022-06-01',
            summary: 'The ministry said its forces destroyed the bridge.',
            reports: [{ outlet: 'Outlet One', url: 'https://example.org/one', date: '2022-06-01' }],
          },
          {
            origin: 'monitor-org',
            stance: 'context',
            date: '2022-06-02',
            summary: 'The monitor could not confirm the state of the bridge.',
            reports: [{ outlet: 'Outlet Two', url: 'https://example.org/two', date: '2022-06-02' }],
          },
        ],
      },
    ],
  });
  const ref = new ReferenceIndex(pack);
  const blocks = [
    'Bridge down near Velyka Dolyna',
    'Side A forces destroyed the Zarnitsa river bridge near Velyka Dolyna, the ministry said on Wednesday.',
    'Officials said 12 people were injured in the shelling of the market.',
  ];

  it('keeps every check-worthy sentence, with offsets into the blocks joined by BLOCK_SEPARATOR', () => {
    const results = analyzeBlocks(blocks, ref);
    const report = CheckReport.parse(toReport('unit.txt', ref, results));
    expect(report.source).toBe('unit.txt');
    expect(report.pack).toEqual({ id: 'unit-pack', version: '0.0.1', claims: 1, statements: 2 });
    expect(report.claims).toHaveLength(results.length);
    const text = blocks.join(BLOCK_SEPARATOR);
    for (const c of report.claims) expect(text.slice(c.start, c.end)).toBe(c.text);
    const bridge = report.claims.find((c) => c.match?.id === 'bridge-destroyed');
    expect(bridge?.status).toBe('single-sourced');
    expect(bridge?.sources).toEqual([
      { origin: 'A ministry', group: 'Side A', stance: 'asserts', outlet: 'Outlet One', url: 'https://example.org/one', date: '2022-06-01' },
      { origin: 'Monitor org', group: 'Monitor', stance: 'context', outlet: 'Outlet Two', url: 'https://example.org/two', date: '2022-06-02' },
    ]);
    const market = report.claims.find((c) => c.text.includes('market'));
    expect(market).toMatchObject({ status: 'unmatched', match: null, sources: [] });
    expect(market?.figures.map((f) => f.value)).toContain(12);
  });

  it('drops fields the contract does not have (block, reasons, also, figure notes, origin ids)', () => {
    const result: ClaimResult = {
      text: 'Side A said it destroyed 3 bridges.',
      start: 5,
      end: 40,
      block: 1,
      reasons: ['figure', 'attribution'],
      status: 'disputed',
      attributedTo: 'Side A',
      match: { id: 'bridge-destroyed', text: 'reference text', score: 0.8 },
      also: [{ id: 'other-claim', text: 'another reference claim', status: 'corroborated', why: 'Two groups.' }],
      figures: [{ text: '3', value: 3, check: 'differs', note: 'figure differs from source: 1' }],
      why: 'The page figure differs.',
      sources: [
        {
          origin: 'A ministry',
          originId: 'a-ministry',
          group: 'Side A',
          groupId: 'side-a',
          party: true,
          stance: 'asserts',
          said: '2022-06-01',
          summary: 'A summary.',
          outlet: 'Outlet One',
          url: 'https://example.org/one',
          date: '2022-06-01',
        },
      ],
    };
    const report = toReport('x.html', ref, [result]);
    expect(CheckReport.parse(report)).toEqual(report);
    expect(report.claims[0]).toEqual({
      text: result.text,
      start: 5,
      end: 40,
      status: 'disputed',
      attributedTo: 'Side A',
      match: { id: 'bridge-destroyed', text: 'reference text', score: 0.8 },
      figures: [{ text: '3', value: 3, check: 'differs' }],
      why: 'The page figure differs.',
      sources: [{ origin: 'A ministry', group: 'Side A', stance: 'asserts', outlet: 'Outlet One', url: 'https://example.org/one', date: '2022-06-01' }],
    });
  });

  it('CheckReport rejects a match on an unmatched claim and unknown fields', () => {
    const ok = toReport('x.html', ref, []);
    const claim = {
      text: 'A sentence.',
      start: 0,
      end: 11,
      status: 'unmatched',
      attributedTo: null,
      match: { id: 'bridge-destroyed', text: 't', score: 1 },
      figures: [],
      why: 'No match.',
      sources: [],
    };
    expect(CheckReport.safeParse({ ...ok, claims: [claim] }).success).toBe(false);
    expect(CheckReport.safeParse({ ...ok, claims: [{ ...claim, match: null }] }).success).toBe(true);
    expect(CheckReport.safeParse({ ...ok, claims: [{ ...claim, match: null, block: 0 }] }).success).toBe(false);
    expect(CheckReport.safeParse({ ...ok, extra: true }).success).toBe(false);
  });
});
