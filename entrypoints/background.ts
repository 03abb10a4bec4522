/**
 * Background: runs the engine (the reference pack is loaded here once, not in every page's content script) and keeps
 * the toolbar badge. Why here: the pack is large, and every tab would otherwise parse it again.
 *
 * The reference is the bundled pack merged with the imported packs that are switched on (lib/pack/import.ts), compiled
 * once per set of packs and kept in IndexedDB (lib/ext/compiled-store.ts): a worker start reads the stored file
 * instead of merging and deriving again. It is opened again when the stored packs or the settings change, compiled
 * only when the set of packs did. Matching uses the reader's sensitivity (`settings.minScore`).
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { analyzeBlocks, detectInArticle, judge, type PageStatus } from '../lib/engine';
import { badgeFor, type StatusCounts } from '../lib/ext/badge';
import { onMessages, sendToTab } from '../lib/ext/messaging';
import type { PackInfo } from '../lib/ext/protocol';
import { loadSettings, settingsItem, updateSettings } from '../lib/ext/storage';
import { CompiledStore, MergedReferences, referenceKey, type OpenedReference } from '../lib/ext/compiled-store';
import { enabledPacks, importPackText, packsItem, readPackList, readPackSources } from '../lib/ext/packs';
import { extractInOffscreen } from '../lib/ext/offscreen';
import { loadBundledPack } from '../lib/ext/bundled-pack';
import { ImportError } from '../lib/pack/errors';
import { mergePacks, type ImportedPackMeta } from '../lib/pack/import';
import type { PackIndex } from '../lib/pack/index-api';
import type { Pack } from '../lib/pack/schema';
import { DEFAULT_SETTINGS, type Settings } from '../lib/settings';

interface Loaded {
  ref: PackIndex;
  info: PackInfo;
  settings: Settings;
}

export default defineBackground(() => {
  const action = browser.action ?? browser.browserAction;

  // The bundled pack, read once per background start (an MV3 service worker starts again after it was stopped).
  let bundledPack: ReturnType<typeof loadBundledPack> | undefined;
  const bundled = () => (bundledPack ??= loadBundledPack().catch((e) => ((bundledPack = undefined), Promise.reject(e))));
  // The bundled pack as plain JSON, made only when imported packs are merged with it or an import is checked.
  let bundledJson: Pack | undefined;
  const bundledAsJson = async () => (bundledJson ??= JSON.parse(JSON.stringify((await bundled()).pack)) as Pack);

  function packInfo(ref: PackIndex, base: PackIndex, imported: readonly ImportedPackMeta[], all: readonly ImportedPackMeta[], from?: OpenedReference): PackInfo {
    const on = new Set(imported.map((m) => m.id));
    return {
      id: base.pack.id,
      version: base.pack.version,
      ...ref.counts,
      imported: all.map((m) => ({ ...m.counts, id: m.id, title: m.title, version: m.version, enabled: on.has(m.id) })),
      ...(from ? { reference: { from: from.from, ms: Math.round(Object.values(from.ms).reduce((a, b) => a + b, 0) * 10) / 10 } } : {}),
    };
  }

  // The merged references, compiled once per set of packs and kept in IndexedDB.
  const merged = new MergedReferences(new CompiledStore());
  const appVersion = (() => {
    try {
      return browser.runtime.getManifest().version;
    } catch {
      return '';
    }
  })();

  async function load(): Promise<Loaded> {
    // The packs' descriptions only (lib/ext/packs.ts `packListItem`): their sources are read and validated only when
    // the merged reference is compiled.
    const [settings, list] = await Promise.all([loadSettings().catch(() => DEFAULT_SETTINGS), readPackList().catch(() => [])]);
    const enabled = enabledPacks(list, settings);
    const base = await bundled();
    const all = list.map((e) => e.meta);
    if (!enabled.length) return { ref: base, info: packInfo(base, base, [], all), settings };
    try {
      const key = referenceKey(base, enabled.map((e) => e.meta), appVersion);
      const opened = await merged.open(key, async () => {
        // The sources, read and validated only now; a pack whose source no longer validates is left out.
        const { packs, dropped } = await readPackSources(enabled.map((e) => e.meta.id));
        return { pack: mergePacks(await bundledAsJson(), packs), dropped };
      });
      const gone = new Set(opened.dropped);
      const metas = (l: readonly { meta: ImportedPackMeta }[]) => l.map((e) => e.meta).filter((m) => !gone.has(m.id));
      return { ref: opened.index, info: packInfo(opened.index, base, metas(enabled), metas(list), opened), settings };
    } catch (e) {
      // A stored pack that cannot be loaded must not stop the bundled one from working.
      console.error('Crosscheck: imported packs could not be loaded; using the bundled pack only', e);
      return { ref: base, info: packInfo(base, base, [], all), settings };
    }
  }

  let loaded: Promise<Loaded> | undefined;
  const current = () => (loaded ??= load());
  // Opened again after a change, soon (a burst of changes costs one), so that a new set of packs is compiled when it
  // changes, not when the next page asks; a change that leaves the set as it was opens nothing (MergedReferences).
  let again: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    loaded = undefined;
    clearTimeout(again);
    again = setTimeout(() => void current().catch(() => undefined), 100);
  };
  packsItem.watch(changed);
  settingsItem.watch(changed);

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
    async analyze({ candidates, blocks, lang, published }, sender) {
      const { ref, info, settings } = await current();
      const t0 = performance.now();
      const found = candidates
        ? candidates.map((candidate) => ({ candidate, ctx: {} }))
        : detectInArticle(blocks ?? [], { locale: lang || 'en', article: published ? { published } : {} });
      const t1 = performance.now();
      const results = found.map(({ candidate, ctx }) => judge(candidate, ref, { minScore: settings.minScore }, ctx));
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
    // The options page: the bundled pack's facts, and imports checked here against the bundled pack (the options
    // page does not bundle the pack).
    async bundledPack() {
      const { pack, counts } = await bundled();
      return { id: pack.id, version: pack.version, title: pack.title, counts };
    },
    async importPack({ text, fileName }) {
      try {
        const added = await importPackText(text, fileName, await bundledAsJson());
        // Compiled now, with the other packs switched on, and stored: the reply comes when the pack is ready to use.
        loaded = undefined;
        await current().catch(() => undefined);
        return { ok: true as const, meta: added.meta };
      } catch (e) {
        if (e instanceof ImportError) return { ok: false as const, problems: e.problems, total: e.total };
        return { ok: false as const, problems: [e instanceof Error ? e.message : String(e)], total: 1 };
      }
    },
    // The article is extracted here, away from the page's main thread (the content script sends the page's HTML):
    // Firefox's background page has a DOM and runs Readability itself; Chrome's service worker has none and hands
    // the HTML to its offscreen document. (A build-time switch: each browser's bundle holds only its own path.)
    extract: async (req) => (import.meta.env.FIREFOX ? (await import('../lib/ext/extract-host')).extractFromHtml(req, 'background') : extractInOffscreen(req)),
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
