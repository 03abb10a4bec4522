/**
 * The options page: scanning and highlights, sensitivity, per-site rules, the reference packs (bundled and imported)
 * and the export of recorded false matches. Reads and writes the WXT storage items directly (lib/ext/storage.ts) and
 * follows their changes live (a keyboard shortcut, another options tab). Every control has a label; every action
 * works with the keyboard; results and errors are announced (role=status / role=alert).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedEvent } from 'preact';
import { falseMatchesItem, loadSettings, settingsItem, updateSettings } from '../lib/ext/storage';
import { loadImportedPacks, packsItem, removeImportedPack } from '../lib/ext/packs';
import { sendToBackground } from '../lib/ext/messaging';
import type { BundledPackFacts } from '../lib/ext/protocol';
import { t } from '../lib/i18n';
import { checkSize, ImportError, type ImportedPackMeta, type PackCounts, type StoredPack } from '../lib/pack/import';
import { DEFAULT_SETTINGS, MARKABLE, MIN_SCORE_RANGE, normalizeHost, type FalseMatch, type Markable, type Settings, type SiteRule } from '../lib/settings';

export type BundledInfo = BundledPackFacts;

/** Checks a pack file's text and stores it; throws an ImportError when it is refused (nothing stored). */
export type PackImporter = (text: string, fileName: string) => Promise<ImportedPackMeta>;

/** The background checks the file against the bundled pack and stores it (lib/ext/protocol.ts `importPack`). */
export const importInBackground: PackImporter = async (text, fileName) => {
  const reply = await sendToBackground('importPack', { text, fileName });
  if (!reply) throw new Error('the extension did not answer; reload the options page and try again');
  if (!reply.ok) throw new ImportError(reply.problems, reply.total);
  return reply.meta;
};

export interface OptionsProps {
  bundled: BundledInfo;
  /** Checks and stores an imported pack (default: in the background, which holds the bundled pack). */
  importPack?: PackImporter;
  /** Saves a file (default: a Blob object URL and a download link; nothing leaves the browser). */
  download?: (fileName: string, blob: Blob) => void;
}

function downloadBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const STATUS_LABEL: Record<Markable, Parameters<typeof t>[0]> = {
  corroborated: 'statusCorroborated',
  disputed: 'statusDisputed',
  'single-sourced': 'statusSingleSourced',
};

type SiteChoice = 'deny' | 'allow' | 'no-highlights';
const siteChoice = (r: SiteRule): SiteChoice => (r.scan === 'deny' ? 'deny' : r.highlights === false ? 'no-highlights' : 'allow');
const siteRule = (c: SiteChoice): SiteRule => (c === 'deny' ? { scan: 'deny' } : c === 'allow' ? { scan: 'allow' } : { highlights: false });
const SITE_LABEL: Record<SiteChoice, Parameters<typeof t>[0]> = {
  deny: 'optionsSiteDeny',
  allow: 'optionsSiteAllow',
  'no-highlights': 'optionsSiteNoHighlights',
};

/** Plain words for a threshold, relative to the default. */
function sensitivityWords(v: number): string {
  const d = v - DEFAULT_SETTINGS.minScore;
  if (d <= -0.03) return t('optionsSensitivityLenient');
  if (d >= 0.02) return t('optionsSensitivityStrict');
  return t('optionsSensitivityBalanced');
}

const fmtDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

function Counts({ c }: { c: PackCounts }) {
  return <>{t('optionsPackCounts', c.claims, c.statements, c.origins, c.outlets)}</>;
}

type Notice = { kind: 'ok'; text: string } | { kind: 'error'; title: string; problems: string[]; more: number };

export function Options({ bundled, importPack = importInBackground, download = downloadBlob }: OptionsProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [packs, setPacks] = useState<StoredPack[]>([]);
  const [falseMatches, setFalseMatches] = useState<FalseMatch[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [host, setHost] = useState('');
  const [hostChoice, setHostChoice] = useState<SiteChoice>('deny');
  const [hostError, setHostError] = useState('');
  const [saved, setSaved] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    const [s, p, f] = await Promise.all([loadSettings(), loadImportedPacks(), falseMatchesItem.getValue()]);
    setSettings(s);
    setPacks(p);
    setFalseMatches(Array.isArray(f) ? f : []);
  }, []);

  useEffect(() => {
    void refresh();
    const unwatch = [settingsItem.watch(() => void refresh()), packsItem.watch(() => void refresh()), falseMatchesItem.watch(() => void refresh())];
    return () => unwatch.forEach((u) => u());
  }, [refresh]);

  const change = async (fn: (s: Settings) => void) => {
    const next = await updateSettings((s) => {
      fn(s);
    });
    setSettings(next);
    setSaved(t('optionsSaved'));
  };

  if (!settings) return <main class="cc-options" aria-busy="true"><p>{t('optionsLoading')}</p></main>;

  const onImport = async (e: TargetedEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setNotice(null);
    try {
      checkSize(file.size); // before reading a byte of it
      const meta = await importPack(await file.text(), file.name);
      const c = meta.counts;
      setNotice({ kind: 'ok', text: t('importDone', meta.title, c.claims, c.statements, c.origins) });
      await refresh();
    } catch (err) {
      const problems = err instanceof ImportError ? err.problems : [err instanceof Error ? err.message : String(err)];
      const more = err instanceof ImportError ? err.total - err.problems.length : 0;
      setNotice({ kind: 'error', title: t('importFailed', file.name), problems, more });
    } finally {
      setBusy(false);
      input.value = ''; // the same file can be chosen again after fixing it
    }
  };

  const onAddSite = async (e: Event) => {
    e.preventDefault();
    const h = normalizeHost(host);
    if (!h) {
      setHostError(host.trim() ? t('optionsSiteInvalid', host.trim()) : t('optionsSiteEmpty'));
      return;
    }
    setHostError('');
    await change((s) => {
      s.sites[h] = siteRule(hostChoice);
    });
    setHost('');
  };

  const onExport = () => {
    const body = JSON.stringify({ exported: new Date().toISOString(), falseMatches }, null, 2);
    download(`crosscheck-false-matches-${new Date().toISOString().slice(0, 10)}.json`, new Blob([body], { type: 'application/json' }));
  };

  const sites = Object.entries(settings.sites).sort(([a], [b]) => a.localeCompare(b));
  const disabled = new Set(settings.disabledPacks ?? []);
  const pct = (v: number) => Math.round(v * 100);

  return (
    <main class="cc-options">
      <h1>{t('optionsTitle')}</h1>
      <p class="cc-lede">{t('optionsPrivacy')}</p>
      <p class="cc-saved" role="status" aria-live="polite">{saved}</p>

      <section aria-labelledby="cc-scan-h">
        <h2 id="cc-scan-h">{t('optionsScanHeading')}</h2>
        <div class="cc-field">
          <input id="cc-autoscan" type="checkbox" checked={settings.autoScan} onChange={(e) => {
                const v = e.currentTarget.checked;
                void change((s) => void (s.autoScan = v));
              }} />
          <label for="cc-autoscan">{t('optionsAutoScan')}</label>
          <p class="cc-help" id="cc-autoscan-help">{t('optionsAutoScanHelp')}</p>
        </div>
        <div class="cc-field">
          <input id="cc-highlights" type="checkbox" checked={settings.highlights} aria-describedby="cc-highlights-help" onChange={(e) => {
                const v = e.currentTarget.checked;
                void change((s) => void (s.highlights = v));
              }} />
          <label for="cc-highlights">{t('optionsHighlights')}</label>
          <p class="cc-help" id="cc-highlights-help">{t('optionsHighlightsHelp')}</p>
        </div>
        <fieldset disabled={!settings.highlights}>
          <legend>{t('optionsStatusesLegend')}</legend>
          {MARKABLE.map((st) => (
            <div class="cc-field cc-inline" key={st}>
              <input id={`cc-status-${st}`} type="checkbox" checked={settings.statuses[st]} onChange={(e) => {
                const v = e.currentTarget.checked;
                void change((s) => void (s.statuses[st] = v));
              }} />
              <label for={`cc-status-${st}`} class={`cc-st cc-st-${st}`}>{t(STATUS_LABEL[st])}</label>
            </div>
          ))}
        </fieldset>
      </section>

      <section aria-labelledby="cc-sens-h">
        <h2 id="cc-sens-h">{t('optionsSensitivityHeading')}</h2>
        <label for="cc-minscore">{t('optionsSensitivityLabel')}</label>
        <div class="cc-range">
          <span aria-hidden="true">{t('optionsSensitivityMore')}</span>
          <input
            id="cc-minscore"
            type="range"
            min={MIN_SCORE_RANGE.min}
            max={MIN_SCORE_RANGE.max}
            step={MIN_SCORE_RANGE.step}
            value={settings.minScore}
            aria-describedby="cc-minscore-help"
            aria-valuetext={`${pct(settings.minScore)}%: ${sensitivityWords(settings.minScore)}`}
            onChange={(e) => {
                const v = Number(e.currentTarget.value);
                void change((s) => void (s.minScore = v));
              }}
          />
          <span aria-hidden="true">{t('optionsSensitivityFewer')}</span>
        </div>
        <p>
          <output for="cc-minscore">{pct(settings.minScore)}% — {sensitivityWords(settings.minScore)}</output>{' '}
          {settings.minScore !== DEFAULT_SETTINGS.minScore && (
            <button type="button" class="cc-link" onClick={() => void change((s) => void (s.minScore = DEFAULT_SETTINGS.minScore))}>
              {t('optionsSensitivityReset', pct(DEFAULT_SETTINGS.minScore))}
            </button>
          )}
        </p>
        <p class="cc-help" id="cc-minscore-help">{t('optionsSensitivityHelp')}</p>
      </section>

      <section aria-labelledby="cc-sites-h">
        <h2 id="cc-sites-h">{t('optionsSitesHeading')}</h2>
        <p class="cc-help">{t('optionsSitesHelp')}</p>
        <form class="cc-site-form" onSubmit={(e) => void onAddSite(e)} noValidate>
          <div class="cc-field">
            <label for="cc-site-host">{t('optionsSiteHostLabel')}</label>
            <input
              id="cc-site-host"
              type="text"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              placeholder="news.example.com"
              value={host}
              aria-invalid={hostError ? 'true' : undefined}
              aria-describedby={hostError ? 'cc-site-error' : undefined}
              onInput={(e) => setHost(e.currentTarget.value)}
            />
          </div>
          <div class="cc-field">
            <label for="cc-site-rule">{t('optionsSiteRuleLabel')}</label>
            <select id="cc-site-rule" value={hostChoice} onChange={(e) => setHostChoice(e.currentTarget.value as SiteChoice)}>
              {(Object.keys(SITE_LABEL) as SiteChoice[]).map((c) => (
                <option value={c} key={c}>{t(SITE_LABEL[c])}</option>
              ))}
            </select>
          </div>
          <button type="submit">{t('optionsSiteAdd')}</button>
        </form>
        {hostError && <p id="cc-site-error" class="cc-error-text" role="alert">{hostError}</p>}
        {sites.length ? (
          <table class="cc-table">
            <caption class="cc-sr">{t('optionsSitesHeading')}</caption>
            <thead>
              <tr><th scope="col">{t('optionsSiteHostLabel')}</th><th scope="col">{t('optionsSiteRuleLabel')}</th><th scope="col"><span class="cc-sr">{t('optionsActions')}</span></th></tr>
            </thead>
            <tbody>
              {sites.map(([h, r]) => (
                <tr key={h}>
                  <th scope="row">{h}</th>
                  <td>{t(SITE_LABEL[siteChoice(r)])}</td>
                  <td>
                    <button type="button" aria-label={t('optionsSiteRemoveLabel', h)} onClick={() => void change((s) => void delete s.sites[h])}>
                      {t('optionsRemove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="cc-empty">{t('optionsSitesEmpty')}</p>
        )}
      </section>

      <section aria-labelledby="cc-packs-h">
        <h2 id="cc-packs-h">{t('optionsPacksHeading')}</h2>
        <h3>{t('optionsBundledHeading')}</h3>
        <dl class="cc-bundled">
          <dt>{t('optionsPackId')}</dt><dd><code>{bundled.id}</code></dd>
          <dt>{t('optionsPackVersion')}</dt><dd>{bundled.version}</dd>
          <dt>{t('optionsPackContents')}</dt><dd><Counts c={bundled.counts} /></dd>
        </dl>

        <h3>{t('optionsImportedHeading')}</h3>
        {packs.length ? (
          <ul class="cc-packs">
            {packs.map(({ meta }) => (
              <ImportedRow
                key={meta.id}
                meta={meta}
                enabled={!disabled.has(meta.id)}
                onToggle={(on) =>
                  void change((s) => {
                    const off = new Set(s.disabledPacks ?? []);
                    if (on) off.delete(meta.id);
                    else off.add(meta.id);
                    s.disabledPacks = [...off];
                  })
                }
                onRemove={async () => {
                  await removeImportedPack(meta.id);
                  setNotice({ kind: 'ok', text: t('importRemoved', meta.title) });
                  await refresh();
                }}
              />
            ))}
          </ul>
        ) : (
          <p class="cc-empty">{t('optionsPacksEmpty')}</p>
        )}
        <div class="cc-import">
          <label for="cc-import-file">{t('importLabel')}</label>
          <input
            id="cc-import-file"
            ref={fileInput}
            type="file"
            accept=".json,.jsonld,application/json,application/ld+json"
            aria-describedby="cc-import-help"
            disabled={busy}
            onChange={(e) => void onImport(e)}
          />
          <p class="cc-help" id="cc-import-help">{t('importHelp')}</p>
        </div>
        <div aria-live="polite" class="cc-notice-region">
          {busy && <p role="status">{t('importWorking')}</p>}
          {notice?.kind === 'ok' && <p class="cc-notice cc-ok" role="status">{notice.text}</p>}
        </div>
        {notice?.kind === 'error' && (
          <div class="cc-notice cc-error" role="alert" data-testid="import-error">
            <p><strong>{notice.title}</strong></p>
            <ul>
              {notice.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
            {notice.more > 0 && <p>{t('importMoreProblems', notice.more)}</p>}
            <p>{t('importNothingChanged')}</p>
          </div>
        )}
      </section>

      <section aria-labelledby="cc-fm-h">
        <h2 id="cc-fm-h">{t('optionsFalseMatchesHeading')}</h2>
        <p class="cc-help">{t('optionsFalseMatchesHelp')}</p>
        {falseMatches.length ? (
          <p>{t('optionsFalseMatchesCount', falseMatches.length)}</p>
        ) : (
          <p class="cc-empty">{t('optionsFalseMatchesEmpty')}</p>
        )}
        <button type="button" onClick={onExport} disabled={!falseMatches.length}>
          {t('optionsFalseMatchesExport')}
        </button>
      </section>

      <section aria-labelledby="cc-keys-h">
        <h2 id="cc-keys-h">{t('optionsKeysHeading')}</h2>
        <ul>
          <li><kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>K</kbd> — {t('commandNextClaim')}</li>
          <li><kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>H</kbd> — {t('bgCommandToggleHighlights')}</li>
        </ul>
        <p class="cc-help">{t('optionsKeysHelp')}</p>
      </section>
    </main>
  );
}

function ImportedRow({ meta, enabled, onToggle, onRemove }: { meta: ImportedPackMeta; enabled: boolean; onToggle: (on: boolean) => void; onRemove: () => Promise<void> }) {
  const id = `cc-pack-${meta.id}`;
  return (
    <li class="cc-pack" data-pack-id={meta.id}>
      <div class="cc-pack-head">
        <strong id={`${id}-title`}>{meta.title}</strong>{' '}
        <span class="cc-muted">
          {meta.format === 'claimreview' ? t('optionsFormatClaimReview') : t('optionsFormatPack')} · <code>{meta.id}</code> · {meta.version}
        </span>
      </div>
      <div class="cc-pack-counts"><Counts c={meta.counts} /></div>
      <div class="cc-muted">{t('optionsImportedAt', fmtDate(meta.importedAt), meta.fileName)}</div>
      <div class="cc-pack-actions">
        <span class="cc-inline">
          <input id={`${id}-on`} type="checkbox" checked={enabled} aria-describedby={`${id}-title`} onChange={(e) => onToggle(e.currentTarget.checked)} />
          <label for={`${id}-on`}>{t('optionsPackUse')}</label>
        </span>
        <button type="button" aria-label={t('optionsPackRemoveLabel', meta.title)} onClick={() => void onRemove()}>
          {t('optionsRemove')}
        </button>
      </div>
    </li>
  );
}
