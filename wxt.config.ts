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
    name: 'Crosscheck',
    description:
      'Marks the claims in a news article as corroborated, disputed or single-sourced, with who says it and links to the reports. Makes no network requests.',
    // No host or API permissions beyond the content script's matches: the extension reads pages, never the network.
    permissions: [],
    action: { default_title: 'Crosscheck: claims on this page' },
    commands: {
      'next-claim': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Show the next marked claim on the page',
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
