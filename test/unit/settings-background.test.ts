/**
 * The background entrypoint on WXT's fakeBrowser: the `toggle-highlights` command flips the stored setting, `analyze`
 * uses the imported packs (rebuilt when they change) and the sensitivity setting, and `packInfo` reports the packs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../entrypoints/background';
import { detectClaims } from '../../lib/detect';
import type { MessageType, Protocol } from '../../lib/ext/protocol';
import { loadSettings, updateSettings } from '../../lib/ext/storage';
import { importPackText, removeImportedPack } from '../../lib/ext/packs';
import { bundledReference } from '../../lib/pack/bundled';

const FIXTURE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'packs', 'belgorod-extra.json'), 'utf8');
const FESTIVAL = 'Organisers in Belgorod called off the festivities planned for Sunday, 3 July, a local media editor told The Insider.';

type CommandListener = (command: string) => Promise<void> | void;
type MessageListener = (msg: unknown, sender: { tab?: { id: number } }) => Promise<unknown> | undefined;
let commandListeners: CommandListener[] = [];
let messageListeners: MessageListener[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  commandListeners = [];
  messageListeners = [];
  // fakeBrowser does not implement commands.onCommand, and its runtime.sendMessage ignores promise answers (and has
  // no sender tab): collect the listeners and call them as the browser would.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((l: CommandListener) => void commandListeners.push(l));
  vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener').mockImplementation((l) => void messageListeners.push(l as unknown as MessageListener));
  (background as unknown as { main: () => void }).main();
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
    await importPackText(FIXTURE, 'belgorod-extra.json', bundledReference().pack);
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
    const matched = await vi.waitFor(async () => {
      const r = (await analyze()).results[0]!;
      expect(r.match).not.toBeNull();
      return r;
    });
    // Just above this sentence's score: the same sentence is no longer matched.
    await updateSettings((s) => void (s.minScore = Math.min(0.9, Math.ceil((matched.match!.score + 0.01) * 100) / 100)));
    await vi.waitFor(async () => expect((await analyze()).results[0]!.status).toBe('unmatched'));
  });
});
