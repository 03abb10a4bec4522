import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // Every `browser` call goes through webextension-polyfill (promise-returning message listeners in every browser).
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: lib/ must stay framework-free and runnable in Node.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // `storage`: settings, imported packs and recorded false matches, all local. No host permissions beyond the
    // content script's matches, and none for the network: the extension reads pages, never the network.
    permissions: ['storage'],
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
          },
        }
      : {}),
  }),
  zip: {
    excludeSources: ['scratch/**', 'test-results/**', 'data/build/**', '.output/**', 'docs/**'],
  },
});
