/**
 * Content script: wiring only. The page session (lib/page/session.ts) does the work; this file hands it the browser
 * glue — runtime messaging, the settings in storage, the recorded false matches — and mounts the hover card
 * (components/CardLayer.tsx) in a shadow root, painting what the card controller (lib/page/card.ts) asks for.
 */
import '../../components/card.css';
import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { CardLayer } from '../../components/CardLayer';
import { onMessages, sendToBackground } from '../../lib/ext/messaging';
import { loadSettings, recordFalseMatch, settingsItem } from '../../lib/ext/storage';
import { PageSession, quietly, type PageContext } from '../../lib/page/session';

const UI_TAG = 'crosscheck-ui';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main(ctx) {
    try {
      let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
      const session = new PageSession({
        ctx: ctx as unknown as PageContext,
        uiTag: UI_TAG,
        send: sendToBackground,
        onMessages: (handlers) => onMessages(handlers),
        loadSettings,
        watchSettings: (cb) => settingsItem.watch(cb),
        recordFalseMatch,
        async mountView(view) {
          ui = await createShadowRootUi(ctx, {
            name: UI_TAG,
            position: 'inline',
            anchor: 'html',
            append: 'last',
            isolateEvents: true,
            onMount: (container) => {
              view.paint = (props) => render(props ? <CardLayer {...props} /> : null, container);
              view.draw();
              return container;
            },
            onRemove: (container) => {
              if (container) render(null, container);
            },
          });
          ui.mount();
        },
        unmountView() {
          try {
            ui?.remove();
          } catch (e) {
            quietly(e);
          }
        },
      });
      void session.start().catch((e) => quietly(e));
    } catch (e) {
      quietly(e);
    }
  },
});
