/**
 * Settings and the storage items, on WXT's fakeBrowser: defaults, per-site rules, hostnames as typed, the v1 → v2
 * migration run by WXT storage, imported packs written in one step (a failed write — storage full, or any other —
 * leaves the previous packs), and the toolbar badge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeFor } from '../../lib/ext/badge';
import { loadSettings, SETTINGS_VERSION, settingsItem, updateSettings } from '../../lib/ext/storage';
import { enabledPacks, importPackText, loadImportedPacks, packListItem, packsItem, readPackList, readPackSources, removeImportedPack } from '../../lib/ext/packs';
import { bundledReference } from '../../lib/pack/bundled';
import { ImportError } from '../../lib/pack/import';
import { DEFAULT_SETTINGS, migrateSettingsV1toV2, normalizeHost, normalizeSettings, shouldHighlight, shouldScan } from '../../lib/settings';

const FIXTURE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'packs', 'belgorod-extra.json'), 'utf8');
const bundled = () => bundledReference().pack;

beforeEach(() => fakeBrowser.reset());

describe('settings', () => {
  it('per-site rules override auto-scan and highlights', () => {
    const s = { ...DEFAULT_SETTINGS, autoScan: false, sites: { 'a.example': { scan: 'allow' as const }, 'b.example': { scan: 'deny' as const, highlights: false } } };
    expect(shouldScan(s, 'A.example')).toBe(true);
    expect(shouldScan(s, 'b.example')).toBe(false);
    expect(shouldScan(s, 'c.example')).toBe(false);
    expect(shouldScan({ ...s, autoScan: true }, 'c.example')).toBe(true);
    expect(shouldHighlight(s, 'b.example')).toBe(false);
    expect(shouldHighlight(s, 'a.example')).toBe(true);
    expect(shouldHighlight({ ...s, highlights: false }, 'a.example')).toBe(false);
  });

  it('repairs invalid stored values field by field', () => {
    const s = normalizeSettings({ autoScan: 'yes', minScore: 5, highlights: false, disabledPacks: ['x'] });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, highlights: false, disabledPacks: ['x'] });
    expect(normalizeSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('hostnames as people type them', () => {
    expect(normalizeHost('https://www.Example.com/news/a?b#c')).toBe('www.example.com');
    expect(normalizeHost('  News.Example.COM. ')).toBe('news.example.com');
    expect(normalizeHost('example.com:8080/path')).toBe('example.com');
    expect(normalizeHost('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeHost('localhost')).toBe('localhost');
    for (const bad of ['', '   ', 'not a host', 'exa_mple.com', '-bad.com', 'http://', '[::1]']) expect(normalizeHost(bad), bad).toBeNull();
  });
});

describe('settings migration v1 → v2 (WXT storage item versions)', () => {
  it('the pure step: lower-case site keys merged, invalid rules dropped, disabledPacks added', () => {
    const v1 = { ...DEFAULT_SETTINGS, disabledPacks: undefined, sites: { 'News.Example.COM.': { scan: 'deny' }, 'news.example.com': { highlights: false }, 'bad host': { scan: 'deny' }, 'x.example': { scan: 'maybe' } } };
    expect(migrateSettingsV1toV2(v1)).toEqual({ ...DEFAULT_SETTINGS, sites: { 'news.example.com': { scan: 'deny', highlights: false } }, disabledPacks: [] });
  });

  it('runs on stored v1 settings and records the current version (v3 drops the old-scale sensitivity)', async () => {
    const v1 = { autoScan: false, highlights: true, statuses: DEFAULT_SETTINGS.statuses, minScore: 0.5, sites: { 'WWW.Example.org': { scan: 'allow' } } };
    await fakeBrowser.storage.local.set({ settings: v1, settings$: { v: 1 } });
    await settingsItem.migrate();
    const { settings, settings$ } = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(settings$).toEqual({ v: SETTINGS_VERSION });
    expect(settings).toEqual({ ...v1, minScore: DEFAULT_SETTINGS.minScore, sites: { 'www.example.org': { scan: 'allow' } }, disabledPacks: [] });
    expect(shouldScan(await loadSettings(), 'www.example.org')).toBe(true);
  });

  it('v2 → v3 keeps everything but the sensitivity, which had another scale', async () => {
    const v2 = { ...DEFAULT_SETTINGS, minScore: 0.45, sites: { 'a.example': { scan: 'deny' } } };
    await fakeBrowser.storage.local.set({ settings: v2, settings$: { v: 2 } });
    await settingsItem.migrate();
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual({ ...v2, minScore: DEFAULT_SETTINGS.minScore });
  });

  it('leaves v3 settings alone', async () => {
    const v3 = { ...DEFAULT_SETTINGS, sites: { 'Odd.Key': { scan: 'deny' } } };
    await fakeBrowser.storage.local.set({ settings: v3, settings$: { v: 3 } });
    await settingsItem.migrate();
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(v3);
  });

  it('updateSettings writes a valid object', async () => {
    await updateSettings((s) => {
      s.minScore = 0.9;
      s.sites['a.example'] = { scan: 'deny' };
    });
    expect(await settingsItem.getValue()).toEqual({ ...DEFAULT_SETTINGS, minScore: 0.9, sites: { 'a.example': { scan: 'deny' } } });
  });
});

describe('imported packs in storage', () => {
  const second = () => FIXTURE.replace('"test-belgorod-extra"', '"test-second"');

  it('import, list, switch off, remove', async () => {
    await importPackText(FIXTURE, 'belgorod-extra.json', bundled());
    await importPackText(second(), 'second.json', bundled());
    expect((await loadImportedPacks()).map((p) => p.meta.id)).toEqual(['test-belgorod-extra', 'test-second']);
    const s = await updateSettings((x) => void (x.disabledPacks = ['test-second']));
    expect(enabledPacks(await loadImportedPacks(), s).map((p) => p.meta.id)).toEqual(['test-belgorod-extra']);
    await removeImportedPack('test-second');
    expect((await loadImportedPacks()).map((p) => p.meta.id)).toEqual(['test-belgorod-extra']);
    expect((await loadSettings()).disabledPacks).toEqual([]);
  });

  it('a bad file changes nothing', async () => {
    await importPackText(FIXTURE, 'belgorod-extra.json', bundled());
    await updateSettings((x) => void (x.minScore = 0.55));
    const before = await fakeBrowser.storage.local.get(null);
    await expect(importPackText('{"id": "x",', 'broken.json', bundled())).rejects.toThrow(/not valid JSON/);
    await expect(importPackText(FIXTURE.replace('"the-insider-journalists"', '"nobody"'), 'u.json', bundled())).rejects.toThrow(/unknown origin "nobody"/);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
  });

  it('storage full: a clear message, and the previous packs stay', async () => {
    await importPackText(FIXTURE, 'belgorod-extra.json', bundled());
    const before = await fakeBrowser.storage.local.get(null);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    const err = await importPackText(second(), 'second.json', bundled()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toMatch(/^not enough browser storage for this pack \(about \d+ kB with the packs already imported; extensions get about 10 MB\)\. Remove an imported pack and try again\. Nothing was changed$/);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    expect((await loadImportedPacks()).map((p) => p.meta.id)).toEqual(['test-belgorod-extra']);
  });

  it('an import interrupted half-way (the write fails) leaves the previous packs: the new list is one write', async () => {
    await importPackText(FIXTURE, 'belgorod-extra.json', bundled());
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    set.mockRejectedValueOnce(new Error('The browser is shutting down'));
    await expect(importPackText(second(), 'second.json', bundled())).rejects.toThrow('could not save the pack: The browser is shutting down. Nothing was changed');
    expect((await loadImportedPacks()).map((p) => p.meta.id)).toEqual(['test-belgorod-extra']);
    // One storage write per import: nothing is written piecemeal that a failure could leave half done.
    set.mockClear();
    await importPackText(second(), 'second.json', bundled());
    expect(set).toHaveBeenCalledTimes(1);
    // The packs and the list of their descriptions (what a background start reads) in that one write.
    expect(Object.keys(set.mock.calls[0]![0] as object)).toEqual(['packs', 'packList']);
    expect(await packListItem.getValue()).toEqual((await loadImportedPacks()).map((p) => p.meta));
  });

  it('the descriptions: from their list, or from the packs when there is none; sources read by id', async () => {
    await importPackText(FIXTURE, 'belgorod-extra.json', bundled());
    await importPackText(second(), 'second.json', bundled());
    const metas = (await loadImportedPacks()).map((p) => p.meta);
    expect(metas.every((m) => /^[0-9a-f]{64}$/.test(m.sha256 ?? ''))).toBe(true);
    expect(await readPackList()).toEqual(metas.map((meta) => ({ meta })));
    // Packs stored before the list existed.
    await packListItem.removeValue();
    expect(await readPackList()).toEqual(metas.map((meta) => ({ meta })));
    expect((await readPackSources(['test-second', 'gone', 'test-belgorod-extra'])).packs.map((p) => p.meta.id)).toEqual(['test-second', 'test-belgorod-extra']);
    expect((await readPackSources(['test-second', 'gone'])).dropped).toEqual(['gone']);
    await removeImportedPack('test-second');
    expect((await packListItem.getValue())?.map((m) => m.id)).toEqual(['test-belgorod-extra']);
  });

  it('ignores stored entries that no longer validate', async () => {
    await importPackText(FIXTURE, 'belgorod-extra.json', bundled());
    const { packs } = await fakeBrowser.storage.local.get('packs');
    await packsItem.setValue([...(packs as never[]), { meta: { id: 'broken' } } as never]);
    expect((await loadImportedPacks()).map((p) => p.meta.id)).toEqual(['test-belgorod-extra']);
  });
});

describe('toolbar badge', () => {
  it('counts disputed + single-sourced, with the breakdown as title', () => {
    expect(badgeFor({ disputed: 2, 'single-sourced': 3, corroborated: 4, unmatched: 1 })).toEqual({
      text: '5',
      title: 'Crosscheck: 2 disputed, 3 single-sourced, 4 corroborated, 1 not in the reference set',
      color: '#b42318',
    });
    expect(badgeFor({ corroborated: 4 })).toMatchObject({ text: '', color: '#3f4a5a' });
    expect(badgeFor(undefined)).toEqual({ text: '', title: 'Crosscheck: claims on this page', color: '#3f4a5a' });
  });
});
