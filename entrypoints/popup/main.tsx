import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup, type FalseMatchClient, type PageClient, type SettingsClient } from '../../components/Popup';
import { sendToTab } from '../../lib/ext/messaging';
import { falseMatchesItem, loadSettings, recordFalseMatch, settingsItem, updateSettings } from '../../lib/ext/storage';
import { normalizeSettings } from '../../lib/settings';
import './style.css';

/**
 * The tab whose claims are shown: the active tab, or `?tab=<id>` when the popup page is opened in a tab of its own
 * (for a larger view, and for the browser tests).
 */
async function targetTab(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Talks to the content script of the target tab. */
const client: PageClient = {
  async getState() {
    const tabId = await targetTab();
    if (tabId === undefined) return null;
    try {
      return await sendToTab(tabId, 'getState', undefined);
    } catch {
      return null; // no content script here: browser pages, stores, PDFs, pages opened before install
    }
  },
  async scan() {
    const tabId = await targetTab();
    if (tabId === undefined) return null;
    return sendToTab(tabId, 'scan', undefined).catch(() => null);
  },
  async reveal(index) {
    const tabId = await targetTab();
    if (tabId === undefined) return false;
    return sendToTab(tabId, 'reveal', { index }).catch(() => false);
  },
};

const settings: SettingsClient = {
  load: loadSettings,
  update: updateSettings,
  watch: (cb) => settingsItem.watch((v) => cb(normalizeSettings(v))),
  openOptions: async () => {
    await browser.runtime.openOptionsPage();
    window.close();
  },
};

const falseMatches: FalseMatchClient = {
  list: () => falseMatchesItem.getValue(),
  record: recordFalseMatch,
};

render(<Popup client={client} settings={settings} falseMatches={falseMatches} />, document.getElementById('root')!);
