/**
 * The background entrypoint on WXT's fakeBrowser: the `toggle-highlights` command flips the stored setting, `analyze`
 * uses the imported packs (rebuilt when they change) and the sensitivity setting, and `packInfo` reports the packs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background';
import { detectClaims } from '../../lib/engine/04-detect';
import type { MessageType, Protocol } from '../../lib/ext/protocol';
import { loadSettings, updateSettings } from '../../lib/ext/storage';
import { MIN_SCORE_RANGE } from '../../lib/settings';
import { CompiledStore } from '../../lib/ext/compiled-store';
import { importPackText, loadImportedPacks, removeImportedPack } from '../../lib/ext/packs';
import { bundledReference } from '../../lib/pack/bundled';
import { bundledCompiled } from '../../lib/pack/compiled/node';

// The extension reads the compiled pack from its package with fetch; here, the same file from data/build/.
vi.mock('../../lib/ext/bundled-pack', () => ({ loadBundledPack: async () => bundledCompiled() }));

const FIXTURE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'packs', 'belgorod-extra.json'), 'utf8');
const FESTIVAL = 'Organisers in Belgorod called off the festivities planned for Sunday, 3 July, a local media editor told The Insider.';

type CommandListener = (command: string) => Promise<void> | void;
type MessageListener = (msg: unknown, sender: { tab?: { id: number } }) => Promise<unknown> | undefined;
let commandListeners: CommandListener[] = [];
let messageListeners: MessageListener[] = [];

/** Starts the background as the browser does (again: a service worker stopped and started; storage and IndexedDB stay). */
function startBackground() {
  commandListeners = [];
  messageListeners = [];
  (background as unknown as { main: () => void }).main();
}

beforeEach(() => {
  fakeBrowser.reset();
  // The compiled references' store (lib/ext/compiled-store.ts): an empty IndexedDB for each test.
  globalThis.indexedDB = new IDBFactory();
  commandListeners = [];
  messageListeners = [];
  // fakeBrowser does not implement commands.onCommand, and its runtime.sendMessage ignores promise answers (and has
  // no sender tab): collect the listeners and call them as the browser would.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((l: CommandListener) => void commandListeners.push(l));
  vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener').mockImplementation((l) => void messageListeners.push(l as unknown as MessageListener));
  startBackground();
});

const TAB = 7;
/** Sends a message to the background as a content script in tab TAB would. */
async function send<K extends MessageType>(type: K, data: Protocol[K][0]): Promise<Protocol[K][1]> {
  expect(messageListeners).toHaveLength(1);
  return (await messageListeners[0]!({ crosscheck: 1, type, data }, { tab: { id: TAB } })) as Protocol[K][1];
}
const analyze = () => send('analyze', { candidates: detectClaims([FESTIVAL], 'en') });

describe('background', () => {
  it('toggle-highlights flips the stored setting, both ways', async () => {
    expect(commandListeners).toHaveLength(1);
    await commandListeners[0]!('toggle-highlights');
    expect((await loadSettings()).highlights).toBe(false);
    await commandListeners[0]!('toggle-highlights');
    expect((await loadSettings()).highlights).toBe(true);
  });

  it('analyze uses the imported packs that are switched on, rebuilt when they change', async () => {
    expect((await analyze()).results[0]!.status).toBe('unmatched');
    // As the options page does: the background checks the file against the bundled pack and stores it.
    const reply = await send('importPack', { text: FIXTURE, fileName: 'belgorod-extra.json' });
    expect(reply).toEqual({ ok: true, meta: expect.objectContaining({ id: 'test-belgorod-extra' }) });
    await vi.waitFor(async () => expect((await analyze()).results[0]!.match?.id).toBe('test-belgorod-extra:belgorod-festival-called-off'));
    // The badge counts disputed + single-sourced claims; the title gives the breakdown.
    expect(await fakeBrowser.action.getBadgeText({ tabId: TAB })).toBe('1');
    expect(await fakeBrowser.action.getTitle({ tabId: TAB })).toBe('Crosscheck: 0 disputed, 1 single-sourced, 0 corroborated, 0 not in the reference set');
    await send('pageStatus', { kind: 'not-article' });
    expect(await fakeBrowser.action.getBadgeText({ tabId: TAB })).toBe('');
    const info = await send('packInfo', undefined);
    expect(info.claims).toBe(bundledReference().pack.claims.length + 1);
    expect(info.imported).toEqual([expect.objectContaining({ id: 'test-belgorod-extra', claims: 1, enabled: true })]);

    await updateSettings((s) => void (s.disabledPacks = ['test-belgorod-extra']));
    await vi.waitFor(async () => expect((await analyze()).results[0]!.status).toBe('unmatched'));
    expect((await send('packInfo', undefined)).imported).toEqual([expect.objectContaining({ enabled: false })]);

    await updateSettings((s) => void (s.disabledPacks = []));
    await vi.waitFor(async () => expect((await analyze()).results[0]!.status).toBe('single-sourced'));
    await removeImportedPack('test-belgorod-extra');
    await vi.waitFor(async () => expect((await analyze()).results[0]!.status).toBe('unmatched'));
  });

  it('passes the sensitivity setting to the engine', async () => {
    await importPackText(FIXTURE, 'belgorod-extra.json', bundledReference().pack);
    // Stored here, not through the background: it compiles the new set of packs when it sees the change (a second or two).
    const matched = await vi.waitFor(
      async () => {
        const r = (await analyze()).results[0]!;
        expect(r.match).not.toBeNull();
        return r;
      },
      { timeout: 15_000 },
    );
    // Just above this sentence's match confidence (the slider's top is 0.99): the same sentence is no longer matched.
    const above = Math.ceil((matched.match!.score + 0.005) * 100) / 100;
    expect(above).toBeLessThanOrEqual(MIN_SCORE_RANGE.max);
    await updateSettings((s) => void (s.minScore = above));
    await vi.waitFor(async () => expect((await analyze()).results[0]!.status).toBe('unmatched'));
  });

  it('a restarted worker reads the compiled reference from IndexedDB; a damaged one is compiled again from the stored pack', async () => {
    expect(await send('importPack', { text: FIXTURE, fileName: 'belgorod-extra.json' })).toMatchObject({ ok: true });
    // The import compiled the merged reference before it replied.
    expect((await send('packInfo', undefined)).reference).toEqual({ from: 'compiled', ms: expect.any(Number) });
    const store = new CompiledStore();
    const [key] = await store.keys();
    expect(key).toMatch(/\npack test-belgorod-extra@2026\.1#[0-9a-f]{64}$/);

    startBackground();
    const info = await send('packInfo', undefined);
    expect(info.reference).toEqual({ from: 'stored', ms: expect.any(Number) });
    expect(info.imported).toEqual([expect.objectContaining({ id: 'test-belgorod-extra', enabled: true })]);
    expect((await analyze()).results[0]!.match?.id).toBe('test-belgorod-extra:belgorod-festival-called-off');

    // Damage: the stored file goes, the pack (its source in storage.local) stays and is compiled again.
    const rec = (await store.get(key!))!;
    const bytes = new Uint8Array(rec.bytes);
    bytes[bytes.length - 64]! ^= 0xff;
    await store.put({ ...rec, bytes: bytes.buffer });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    startBackground();
    expect((await send('packInfo', undefined)).reference?.from).toBe('compiled');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/compiling it again/), expect.stringMatching(/corrupt/));
    expect((await analyze()).results[0]!.match?.id).toBe('test-belgorod-extra:belgorod-festival-called-off');
    expect((await loadImportedPacks()).map((p) => p.meta.id)).toEqual(['test-belgorod-extra']);
    store.close();
  }, 20_000);
});
