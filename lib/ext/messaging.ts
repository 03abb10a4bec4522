/**
 * A thin typed layer over `browser.runtime` / `browser.tabs` messaging (webextension-polyfill, so listeners may
 * return promises in every browser). Browser-only: imported by entrypoints, never by the Node engine.
 */
import { browser, type Browser } from 'wxt/browser';
import { isMessage, type Message, type MessageType, type Protocol } from './protocol';

type Handler<K extends MessageType> = (data: Protocol[K][0], sender: Browser.runtime.MessageSender) => Protocol[K][1] | Promise<Protocol[K][1]>;
export type Handlers = { [K in MessageType]?: Handler<K> };

function message<K extends MessageType>(type: K, data: Protocol[K][0]): Message<K> {
  return { crosscheck: 1, type, data };
}

export function sendToBackground<K extends MessageType>(type: K, data: Protocol[K][0]): Promise<Protocol[K][1]> {
  return browser.runtime.sendMessage(message(type, data)) as Promise<Protocol[K][1]>;
}

export function sendToTab<K extends MessageType>(tabId: number, type: K, data: Protocol[K][0]): Promise<Protocol[K][1]> {
  return browser.tabs.sendMessage(tabId, message(type, data)) as Promise<Protocol[K][1]>;
}

/** Registers handlers; messages that are not ours, or have no handler here, are left for other listeners. */
export function onMessages(handlers: Handlers): () => void {
  const listener = (msg: unknown, sender: Browser.runtime.MessageSender) => {
    if (!isMessage(msg)) return undefined;
    const h = handlers[msg.type] as Handler<MessageType> | undefined;
    if (!h) return undefined;
    return Promise.resolve().then(() => h(msg.data, sender));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
