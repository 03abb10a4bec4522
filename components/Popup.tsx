import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PageClaim, PageState } from '../lib/ext/protocol';
import { plural, t } from '../lib/i18n';
import type { FalseMatch, Settings } from '../lib/settings';
import { ClaimList } from './ClaimList';
import { STATUS_ORDER, statusInfo } from './status';

export interface PageClient {
  /** The active tab's state, or null when no content script answers there. */
  getState(): Promise<PageState | null>;
  reveal(index: number): Promise<boolean>;
  /** Scans the page now, when the settings left it unscanned (automatic scanning off). */
  scan?(): Promise<PageState | null>;
}

/** The stored settings (lib/ext/storage.ts in the extension; an in-memory stand-in in tests). */
export interface SettingsClient {
  load(): Promise<Settings>;
  update(change: (s: Settings) => Settings | void): Promise<Settings>;
  /** Called with the new settings whenever they change elsewhere (options page, keyboard shortcut). */
  watch?(cb: (s: Settings) => void): () => void;
  openOptions(): void | Promise<void>;
}

/** The reader's "this match looks wrong" reports (lib/ext/storage.ts in the extension). */
export interface FalseMatchClient {
  list(): Promise<FalseMatch[]>;
  record(f: FalseMatch): Promise<void>;
}

export interface PopupProps {
  client: PageClient;
  settings?: SettingsClient;
  falseMatches?: FalseMatchClient;
  /** How often to ask again while the page is still being analysed. */
  pollMs?: number;
}

/** Scanning switched off for the page's site (sent by content scripts that know it; `reason` optional). */
type OffState = { kind: 'off'; url: string; reason?: string };
type View =
  | { kind: 'loading' }
  | { kind: 'unreachable' }
  | { kind: 'unknown'; url?: string }
  | PageState
  | OffState;

const KNOWN = new Set(['working', 'not-article', 'error', 'done', 'off']);

/** Whatever the content script answered, as something the popup can show: an unknown kind is reported, never thrown. */
export function toView(raw: unknown): View {
  if (typeof raw !== 'object' || raw === null) return { kind: 'unreachable' };
  const r = raw as { kind?: unknown; url?: unknown; claims?: unknown };
  const url = typeof r.url === 'string' ? r.url : undefined;
  if (typeof r.kind !== 'string' || !KNOWN.has(r.kind)) return { kind: 'unknown', url };
  if (r.kind === 'done' && !Array.isArray(r.claims)) return { kind: 'unknown', url };
  return raw as View;
}

/** The site a page belongs to, for per-site settings: web pages only. */
export function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) && u.hostname ? u.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Removes empty per-site rules so the stored settings stay small. */
function tidy(s: Settings, host: string) {
  const rule = s.sites[host];
  if (rule && rule.scan === undefined && rule.highlights === undefined) delete s.sites[host];
}

/** A page's address without query or fragment, as false-match reports keep it. */
export const pageKey = (url: string) => url.replace(/[?#].*$/, '');
const reportKey = (url: string, sentence: string, claimId: string) => `${pageKey(url)}\u0000${sentence}\u0000${claimId}`;

/** The toolbar popup: the active tab's claims by status, or a clear empty state; per-site switches and options. */

export function Popup({ client, settings, falseMatches, pollMs = 300 }: PopupProps) {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [prefs, setPrefs] = useState<Settings | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reported, setReported] = useState<Set<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopped = useRef(false);

  /** Asks the page; keeps asking while it works, or for `extra` more rounds (after a settings change). */
  const ask = useCallback(
    async (extra = 0) => {
      clearTimeout(timer.current);
      const state = await client.getState().catch(() => null);
      if (stopped.current) return;
      const next = toView(state);
      setView(next);
      if (next.kind === 'working' || extra > 0) timer.current = setTimeout(() => void ask(Math.max(0, extra - 1)), pollMs);
    },
    [client, pollMs],
  );

  useEffect(() => {
    stopped.current = false;
    void ask();
    return () => {
      stopped.current = true;
      clearTimeout(timer.current);
    };
  }, [ask]);

  useEffect(() => {
    if (!settings) return;
    let live = true;
    settings.load().then(
      (s) => live && setPrefs(s),
      () => live && setPrefs(null),
    );
    const unwatch = settings.watch?.((s) => live && setPrefs(s));
    return () => {
      live = false;
      unwatch?.();
    };
  }, [settings]);

  useEffect(() => {
    if (!falseMatches) return;
    let live = true;
    falseMatches.list().then(
      (list) => live && setReported(new Set(list.map((f) => reportKey(f.url, f.sentence, f.claimId)))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [falseMatches]);

  const report =
    falseMatches && view.kind === 'done'
      ? async (c: PageClaim) => {
          if (!c.match) return;
          try {
            await falseMatches.record({
              url: pageKey(view.url),
              sentence: c.text,
              claimId: c.match.id,
              score: c.match.score,
              status: c.status,
              at: new Date().toISOString(),
              packVersion: view.pack.version,
            });
            setReported((r) => new Set(r).add(reportKey(view.url, c.text, c.match!.id)));
            setNotice(null);
          } catch (e) {
            setNotice(t('popupReportError', e instanceof Error ? e.message : String(e)));
          }
        }
      : undefined;
  const isReported = (c: PageClaim) => !!c.match && view.kind === 'done' && reported.has(reportKey(view.url, c.text, c.match.id));

  /** Scrolls the page to a claim; says so when the page could not show it (changed, or reloaded meanwhile). */
  const select = (index: number) =>
    void client
      .reveal(index)
      .catch(() => false)
      .then((ok) => setNotice(ok ? null : t('popupRevealFailed')));

  const change = async (fn: (s: Settings) => void) => {
    if (!settings) return;
    try {
      setPrefs(await settings.update((s) => void fn(s)));
      setNotice(null);
      void ask(10); // the content script reacts to the change: follow it for a few seconds
    } catch (e) {
      setNotice(t('popupSettingsError', e instanceof Error ? e.message : String(e)));
    }
  };

  const url = 'url' in view ? view.url : undefined;
  const host = hostOf(url);
  const total = view.kind === 'done' ? view.claims.length : null;

  return (
    <div class="cc-popup">
      <header class="cc-top">
        <h1>{t('popupTitle')}</h1>
        {total !== null && <span class="cc-total">{plural(total, 'popupClaimsOne', 'popupClaimsMany')}</span>}
      </header>
      <p class="cc-sr" role="status">
        {announce(view)}
      </p>
      <main class="cc-main" aria-busy={view.kind === 'loading' || view.kind === 'working'}>
        <Body
          view={view}
          prefs={prefs}
          host={host}
          onReportWrong={report}
          isReported={isReported}
          onSelect={select}
          onScan={
            client.scan
              ? () => {
                  setView({ kind: 'working', url: '', step: t('pageWorking') } as View);
                  void client.scan!().then(() => ask(), () => ask());
                }
              : undefined
          }
        />
      </main>
      {host && prefs && settings && <SitePanel host={host} prefs={prefs} onChange={change} />}
      {notice && (
        <p class="cc-note cc-error-text" role="alert">
          {notice}
        </p>
      )}
      <footer class="cc-foot">
        <p>
          {view.kind === 'done' && (
            <>
              {t('popupFooterPack', view.pack.version, Math.round(view.timings.totalMs))}
              {' · '}
            </>
          )}
          {t('popupFooterPrivacy')}
        </p>
        {settings && (
          <button
            type="button"
            class="cc-link"
            onClick={() =>
              void Promise.resolve()
                .then(() => settings.openOptions())
                .catch((e: unknown) => setNotice(t('popupOptionsError', e instanceof Error ? e.message : String(e))))
            }
          >
            {t('popupOptions')}
          </button>
        )}
      </footer>
    </div>
  );
}

/** A short line for screen readers when the page's state changes (the full content is read on demand). */
function announce(view: View): string {
  switch (view.kind) {
    case 'loading':
      return t('popupLoading');
    case 'working':
      return view.step;
    case 'done':
      return view.claims.length ? plural(view.claims.length, 'popupClaimsOne', 'popupClaimsMany') : t('popupNoClaimsTitle');
    case 'unreachable':
      return t('popupUnreachableTitle');
    case 'not-article':
      return t('popupNotArticleTitle');
    case 'off':
      return t('popupOffTitle');
    case 'error':
      return '';
    default:
      return t('popupUnknownTitle');
  }
}

function SitePanel({ host, prefs, onChange }: { host: string; prefs: Settings; onChange: (fn: (s: Settings) => void) => void }) {
  const rule = prefs.sites[host] ?? {};
  const denied = rule.scan === 'deny';
  const headingId = 'cc-site-heading';
  return (
    <section class="cc-site" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('popupSiteLabel', host)}</h2>
      <label class="cc-check">
        <input
          type="checkbox"
          checked={rule.highlights !== false}
          disabled={denied}
          onChange={(e) =>
            onChange((s) => {
              const r = (s.sites[host] ??= {});
              if ((e.currentTarget as HTMLInputElement).checked) delete r.highlights;
              else r.highlights = false;
              tidy(s, host);
            })
          }
        />{' '}
        {t('popupSiteHighlights')}
      </label>
      {prefs.autoScan ? (
        <label class="cc-check">
          <input
            type="checkbox"
            checked={denied}
            onChange={(e) =>
              onChange((s) => {
                const r = (s.sites[host] ??= {});
                if ((e.currentTarget as HTMLInputElement).checked) r.scan = 'deny';
                else delete r.scan;
                tidy(s, host);
              })
            }
          />{' '}
          {t('popupSiteNeverScan')}
        </label>
      ) : (
        <label class="cc-check">
          <input
            type="checkbox"
            checked={rule.scan === 'allow'}
            onChange={(e) =>
              onChange((s) => {
                const r = (s.sites[host] ??= {});
                if ((e.currentTarget as HTMLInputElement).checked) r.scan = 'allow';
                else delete r.scan;
                tidy(s, host);
              })
            }
          />{' '}
          {t('popupSiteScan')}
        </label>
      )}
      {!prefs.highlights && <p class="cc-note">{t('popupHighlightsOffEverywhere')}</p>}
    </section>
  );
}

function Empty({ title, children, alert }: { title: string; children?: ComponentChildren; alert?: boolean }) {
  return (
    <div class={`cc-empty${alert ? ' cc-error' : ''}`} role={alert ? 'alert' : undefined}>
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}

interface BodyProps {
  view: View;
  prefs: Settings | null;
  host: string | null;
  onReportWrong?: (c: PageClaim) => void;
  isReported: (c: PageClaim) => boolean;
  onSelect: (index: number) => void;
  onScan?: () => void;
}

function Body({ view, prefs, host, onReportWrong, isReported, onSelect, onScan }: BodyProps) {
  switch (view.kind) {
    case 'loading':
      return (
        <p class="cc-empty">
          {t('popupLoading')}
        </p>
      );
    case 'working':
      return (
        <p class="cc-empty">
          <span class="cc-spinner" aria-hidden="true" /> {view.step}
        </p>
      );
    case 'unreachable':
      return (
        <Empty title={t('popupUnreachableTitle')}>
          <p>{t('popupUnreachableBody')}</p>
        </Empty>
      );
    case 'not-article':
      return (
        <Empty title={t('popupNotArticleTitle')}>
          <p>
            {view.reason} {t('popupNotArticleBody')}
          </p>
        </Empty>
      );
    case 'off': {
      const site = host ?? '';
      const denied = !!(prefs && host && prefs.sites[host]?.scan === 'deny');
      const text = denied || !prefs ? t('popupOffBody', site) : !prefs.autoScan ? t('popupOffAutoBody', site) : (view.reason ?? t('popupOffBody', site));
      return (
        <Empty title={t('popupOffTitle')}>
          <p>{text}</p>
          {!denied && onScan && (
            <button type="button" class="cc-btn" onClick={onScan}>
              {t('popupScanNow')}
            </button>
          )}
        </Empty>
      );
    }
    case 'error':
      return (
        <Empty title={t('popupErrorTitle')} alert>
          <p>{view.reason}</p>
          <p>{t('popupErrorHint')}</p>
        </Empty>
      );
    case 'done': {
      if (!view.claims.length)
        return (
          <Empty title={t('popupNoClaimsTitle')}>
            <p>{t('popupNoClaimsBody')}</p>
          </Empty>
        );
      return (
        <>
          <ul class="cc-summary" aria-label={t('popupCountsLabel')}>
            {STATUS_ORDER.map((s) => (
              <li data-status={s} class={`cc-${s}`} title={statusInfo(s).explain}>
                <span class="cc-n">{view.claims.filter((c) => c.status === s).length}</span> {statusInfo(s).label}
              </li>
            ))}
          </ul>
          <ClaimList claims={view.claims} onSelect={onSelect} onReportWrong={onReportWrong} isReported={isReported} />
        </>
      );
    }
    default:
      return (
        <Empty title={t('popupUnknownTitle')}>
          <p>{t('popupUnknownBody')}</p>
        </Empty>
      );
  }
}
