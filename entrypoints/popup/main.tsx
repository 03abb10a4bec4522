import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup, type PageClient } from '../../components/Popup';
import { sendToTab } from '../../lib/ext/messaging';
import './style.css';

/** Talks to the content script of the active tab. */
const client: PageClient = {
  async getState() {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return null;
    try {
      return await sendToTab(tab.id, 'getState', undefined);
    } catch {
      return null; // no content script here: browser pages, stores, PDFs, pages opened before install
    }
  },
  async reveal(index) {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return false;
    return sendToTab(tab.id, 'reveal', { index }).catch(() => false);
  },
};

render(<Popup client={client} />, document.getElementById('root')!);
