/**
 * Background: runs the engine (the reference pack is loaded here once, not in every page's content script) and keeps
 * the toolbar badge. Why here: the pack is large, and every tab would otherwise parse it again.
 *
 * The reference is the bundled pack merged with the imported packs that are switched on (lib/pack/import.ts); it is
 * rebuilt when the stored packs or the settings change. Matching uses the reader's sensitivity (`settings.minScore`).
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { detectClaims } from '../lib/detect';
import { analyzeBlocks, judge, type PageStatus } from '../lib/engine';
import { badgeFor, type StatusCounts } from '../lib/ext/badge';
import { onMessages, sendToTab } from '../lib/ext/messaging';
import type { PackInfo } from '../lib/ext/protocol';
import { loadSettings, settingsItem, updateSettings } from '../lib/ext/storage';
import { enabledPacks, loadImportedPacks, packsItem } from '../lib/ext/packs';
import { bundledReference } from '../lib/pack/bundled';
import { mergePacks, packCounts, type StoredPack } from '../lib/pack/import';
import { ReferenceIndex } from '../lib/pack/reference';
import { DEFAULT_SETTINGS, type Settings } from '../lib/settings';

interface Loaded {
  ref: ReferenceIndex;
  info: PackInfo;
  settings: Settings;
}

export default defineBackground(() => {
  const action = browser.action ?? browser.browserAction;

  function packInfo(ref: ReferenceIndex, imported: StoredPack[], all: StoredPack[]): PackInfo {
    const bundled = bundledReference().pack;
    const on = new Set(imported.map((p) => p.meta.id));
    return {
      id: bundled.id,
      version: bundled.version,
      ...packCounts(ref.pack),
      imported: all.map((p) => ({ ...p.meta.counts, id: p.meta.id, title: p.meta.title, version: p.meta.version, enabled: on.has(p.meta.id) })),
    };
  }

  async function load(): Promise<Loaded> {
    const [settings, all] = await Promise.all([loadSettings().catch(() => DEFAULT_SETTINGS), loadImportedPacks().catch(() => [])]);
    const imported = enabledPacks(all, settings);
    const bundled = bundledReference();
    let ref = bundled;
    if (imported.length) {
      try {
        ref = new ReferenceIndex(mergePacks(bundled.pack, imported));
      } catch (e) {
        // A stored pack that cannot be loaded must not stop the bundled one from working.
        console.error('Crosscheck: imported packs could not be loaded; using the bundled pack only', e);
      }
    }
    return { ref, info: packInfo(ref, ref === bundled ? [] : imported, all), settings };
  }

  let loaded: Promise<Loaded> | undefined;
  const current = () => (loaded ??= load());
  // Rebuilt on the next request after a change (a burst of changes costs one rebuild).
  packsItem.watch(() => (loaded = undefined));
  settingsItem.watch(() => (loaded = undefined));

  async function setBadge(tabId: number | undefined, counts: StatusCounts | undefined) {
    if (tabId === undefined) return;
    const badge = badgeFor(counts);
    try {
      await action.setBadgeText({ tabId, text: badge.text });
      await action.setBadgeBackgroundColor({ tabId, color: badge.color });
      await action.setTitle({ tabId, title: badge.title });
    } catch {
      // The tab may have closed meanwhile.
    }
  }

  const tally = (statuses: PageStatus[]) => {
    const counts: StatusCounts = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    return counts;
  };

  onMessages({
    async analyze({ candidates, blocks, lang }, sender) {
      const { ref, info, settings } = await current();
      const t0 = performance.now();
      const found = candidates ?? detectClaims(blocks ?? [], lang || 'en');
      const t1 = performance.now();
      const results = found.map((c) => judge(c, ref, { minScore: settings.minScore }));
      void setBadge(sender.tab?.id, tally(results.map((r) => r.status)));
      return { results, pack: info, ms: performance.now() - t0, detectMs: t1 - t0 };
    },
    pageStatus({ kind, counts }, sender) {
      // 'done' with the anchored claims' counts refines the badge set by `analyze`; without counts it stays.
      if (kind !== 'done') void setBadge(sender.tab?.id, undefined);
      else if (counts) void setBadge(sender.tab?.id, counts);
    },
    async packInfo() {
      return (await current()).info;
    },
    async openOptions() {
      await browser.runtime.openOptionsPage();
    },
  });

  // Load the pack and its index as soon as the background starts, and run the engine once over a sentence of our
  // own, so the first page a person opens does not wait for loading and warm-up.
  setTimeout(() => void current().then(({ ref }) => analyzeBlocks(['Officials said 3 people were killed in Lysychansk on 3 July.'], ref)), 0);

  browser.commands?.onCommand.addListener(async (command) => {
    if (command === 'toggle-highlights') {
      // The content scripts watch the settings and apply the change live.
      await updateSettings((s) => {
        s.highlights = !s.highlights;
      });
      return;
    }
    if (command !== 'next-claim') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await sendToTab(tab.id, 'reveal', { index: -1 }).catch(() => undefined);
  });
});
