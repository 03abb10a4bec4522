import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';

/**
 * zod can compile schemas with `new Function`; we run it `jitless` (lib/pack/schema.ts, lib/settings.ts), and this
 * removes the Function constructor from its bundled code too, so no extension bundle contains code generation
 * (`web-ext lint` DANGEROUS_EVAL; store review). Any attempt would throw, and zod falls back to its interpreter.
 */
function zodWithoutCodeGeneration(): Plugin {
  return {
    name: 'crosscheck:zod-without-code-generation',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]zod[\\/]/.test(id) || !code.includes('const F = Function;')) return null;
      return code.replaceAll('const F = Function;', "const F = function () { throw new EvalError('code generation is off'); };");
    },
  };
}

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Every `browser` call goes through webextension-polyfill (promise-returning message listeners in every browser).
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: lib/ must stay framework-free and runnable in Node.
  imports: false,
  vite: () => ({ plugins: [preact(), zodWithoutCodeGeneration()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // `storage`: settings, imported packs and recorded false matches, all local. `offscreen` (Chrome only): one
    // offscreen document where Readability extracts the article from the page's HTML, off the page's main thread
    // (the MV3 service worker has no DOM; Firefox's background page has one). No host permissions beyond the content
    // script's matches, and none for the network: the extension reads pages, never the network.
    permissions: browser === 'firefox' ? ['storage'] : ['storage', 'offscreen'],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      'next-claim': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandNextClaim__',
      },
      'toggle-highlights': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_bgCommandToggleHighlights__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'crosscheck@crosscheck-extension.org',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // data_collection_permissions needs Firefox for Android 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  // The compiled reference pack (data/build/pack.ccpk, from `npm run data:build`) goes in as a file of its own, read by
  // the background with fetch (lib/ext/bundled-pack.ts), not bundled into a script.
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push({ absoluteSrc: resolve(import.meta.dirname, 'data/build/pack.ccpk'), relativeDest: 'pack.ccpk' });
    },
    'prepare:publicPaths': (_wxt, paths) => {
      paths.push('pack.ccpk');
    },
  },
  zip: {
    excludeSources: ['scratch/**', 'test-results/**', 'data/build/**', '.output/**', 'docs/**'],
  },
});
