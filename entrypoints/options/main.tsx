import { render } from 'preact';
import { Options } from '../../components/Options';
import '../../components/options.css';
import packJson from '../../data/build/pack.json';
import { t } from '../../lib/i18n';
import { packCounts } from '../../lib/pack/import';
import type { Pack } from '../../lib/pack/schema';

document.title = t('optionsTitle');
const pack = packJson as Pack;
render(
  <Options bundled={{ id: pack.id, version: pack.version, title: pack.title, counts: packCounts(pack), pack }} />,
  document.getElementById('root')!,
);
