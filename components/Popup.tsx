import { useEffect, useState } from 'preact/hooks';
import type { PageState } from '../lib/ext/protocol';
import { ClaimList } from './ClaimList';
import { STATUS, STATUS_ORDER } from './status';

export interface PageClient {
  /** The active tab's state, or null when no content script answers there. */
  getState(): Promise<PageState | null>;
  reveal(index: number): Promise<boolean>;
}

export interface PopupProps {
  client: PageClient;
  /** How often to ask again while the page is still being analysed. */
  pollMs?: number;
}

type View = { kind: 'loading' } | { kind: 'unreachable' } | PageState;

/** The toolbar popup: the active tab's claims by status, or a clear empty state. */
export function Popup({ client, pollMs = 300 }: PopupProps) {
  const [view, setView] = useState<View>({ kind: 'loading' });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      const state = await client.getState().catch(() => null);
      if (stopped) return;
      setView(state ?? { kind: 'unreachable' });
      if (state?.kind === 'working') timer = setTimeout(ask, pollMs);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, pollMs]);

  return (
    <main class="cc-popup" aria-live="polite">
      <header class="cc-top">
        <h1>Crosscheck</h1>
        {view.kind === 'done' && <span class="cc-total">{view.claims.length} claims</span>}
      </header>
      <Body view={view} client={client} />
      <footer class="cc-foot">
        {view.kind === 'done' && (
          <span>
            Reference pack {view.pack.version} · analysed in {Math.round(view.timings.totalMs)} ms ·{' '}
          </span>
        )}
        Nothing leaves your browser.
      </footer>
    </main>
  );
}

function Body({ view, client }: { view: View; client: PageClient }) {
  switch (view.kind) {
    case 'loading':
      return <p class="cc-empty">Looking at this page…</p>;
    case 'working':
      return (
        <p class="cc-empty" role="status">
          <span class="cc-spinner" aria-hidden="true" /> {view.step}
        </p>
      );
    case 'unreachable':
      return (
        <div class="cc-empty">
          <p>
            <strong>Crosscheck can’t read this page.</strong>
          </p>
          <p>
            It works on news articles on ordinary web pages. Browser pages, extension stores and files such as PDFs are off
            limits; a tab opened before Crosscheck was installed needs a reload.
          </p>
        </div>
      );
    case 'not-article':
      return (
        <div class="cc-empty">
          <p>
            <strong>No article here.</strong>
          </p>
          <p>{view.reason} Crosscheck marks claims in news articles.</p>
        </div>
      );
    case 'error':
      return (
        <div class="cc-empty cc-error" role="alert">
          <p>
            <strong>Something went wrong.</strong>
          </p>
          <p>{view.reason}</p>
        </div>
      );
    case 'done': {
      if (!view.claims.length)
        return (
          <div class="cc-empty">
            <p>
              <strong>No check-worthy claims found.</strong>
            </p>
            <p>This article has no figures, attributed statements or reported events that Crosscheck could pick out.</p>
          </div>
        );
      return (
        <>
          <ul class="cc-summary" aria-label="Counts by status">
            {STATUS_ORDER.map((s) => (
              <li data-status={s} class={`cc-${s}`} title={STATUS[s].explain}>
                <span class="cc-n">{view.claims.filter((c) => c.status === s).length}</span> {STATUS[s].label}
              </li>
            ))}
          </ul>
          <ClaimList claims={view.claims} onSelect={(i) => void client.reveal(i)} />
        </>
      );
    }
  }
}
