import { render } from 'preact';
import { Options } from '../../components/Options';
import '../../components/options.css';
import { sendToBackground } from '../../lib/ext/messaging';
import { t } from '../../lib/i18n';

// The bundled pack's facts come from the background, which holds the pack: this page does not bundle it.
document.title = t('optionsTitle');
const root = document.getElementById('root')!;
render(
  <main class="cc-options" aria-busy="true">
    <p>{t('optionsLoading')}</p>
  </main>,
  root,
);
sendToBackground('bundledPack', undefined).then(
  (bundled) => render(<Options bundled={bundled} />, root),
  (e: unknown) =>
    render(
      <main class="cc-options">
        <p role="alert">{t('optionsPackUnavailable', e instanceof Error ? e.message : String(e))}</p>
      </main>,
      root,
    ),
);
