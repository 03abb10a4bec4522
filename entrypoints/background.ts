/**
 * Background: runs the engine (the reference pack is loaded here once, not in every page's content script) and keeps
 * the toolbar badge. Why here: the pack is large, and every tab would otherwise parse it again.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { analyzeBlocks, judge } from '../lib/engine';
import { onMessages, sendToTab } from '../lib/ext/messaging';
import type { PackInfo } from '../lib/ext/protocol';
import { bundledReference } from '../lib/pack/bundled';

export default defineBackground(() => {
  const action = browser.action ?? browser.browserAction;

  const packInfo = (): PackInfo => {
    const ref = bundledReference();
    return {
      id: ref.pack.id,
      version: ref.pack.version,
      claims: ref.pack.claims.length,
      statements: ref.pack.claims.reduce((n, c) => n + c.statements.length, 0),
    };
  };

  async function setBadge(tabId: number | undefined, count: number | undefined, disputed = 0) {
    if (tabId === undefined) return;
    try {
      await action.setBadgeText({ tabId, text: count ? String(count) : '' });
      await action.setBadgeBackgroundColor({ tabId, color: disputed ? '#b42318' : '#3f4a5a' });
      await action.setTitle({
        tabId,
        title: count ? `Crosscheck: ${count} claims on this page${disputed ? `, ${disputed} disputed` : ''}` : 'Crosscheck',
      });
    } catch {
      // The tab may have closed meanwhile.
    }
  }

  onMessages({
    analyze({ candidates }, sender) {
      const t0 = performance.now();
      const ref = bundledReference();
      const results = candidates.map((c) => judge(c, ref));
      const disputed = results.filter((r) => r.status === 'disputed').length;
      void setBadge(sender.tab?.id, results.length, disputed);
      return { results, pack: packInfo(), ms: performance.now() - t0 };
    },
    pageStatus({ kind, count, disputed }, sender) {
      void setBadge(sender.tab?.id, kind === 'done' ? count : 0, disputed);
    },
  });

  // Load the pack and its index as soon as the background starts, and run the engine once over a sentence of our
  // own, so the first page a person opens does not wait for loading and warm-up.
  setTimeout(() => analyzeBlocks(['Officials said 3 people were killed in Lysychansk on 3 July.'], bundledReference()), 0);

  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== 'next-claim') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) await sendToTab(tab.id, 'reveal', { index: -1 }).catch(() => undefined);
  });
});
