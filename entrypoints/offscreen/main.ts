/**
 * Chrome's offscreen document (created by the service worker, lib/ext/offscreen.ts): extracts the article from a
 * page's HTML with Readability, away from the page's main thread (lib/ext/extract-host.ts). Answers only
 * `extractOffscreen`; it has no other job and no access to anything but runtime messaging.
 */
import { onMessages } from '../../lib/ext/messaging';
import { extractFromHtml } from '../../lib/ext/extract-host';

onMessages({ extractOffscreen: (req) => extractFromHtml(req, 'offscreen') });
