/**
 * UI strings: `t(key, ...subs)` reads `browser.i18n` (public/_locales/<lang>/messages.json), so a translation is one
 * file. Outside an extension (Node tests, the CLI) it falls back to the English file. `$1`…`$9` in a message are
 * replaced by the substitutions.
 */
import en from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

type GetMessage = (key: string, subs?: string | string[]) => string;

function browserGetMessage(): GetMessage | undefined {
  const g = globalThis as { browser?: { i18n?: { getMessage?: GetMessage } }; chrome?: { i18n?: { getMessage?: GetMessage } } };
  return g.browser?.i18n?.getMessage ?? g.chrome?.i18n?.getMessage;
}

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const s = subs.map(String);
  try {
    const get = browserGetMessage();
    const m = get?.(key, s.length ? s : undefined);
    if (m) return m;
  } catch {
    // Not in an extension page, or the extension context is gone: use the English text.
  }
  const msg = (en as Record<string, { message: string }>)[key]?.message ?? key;
  return msg.replace(/\$([1-9])/g, (_, n: string) => s[Number(n) - 1] ?? '');
}

/** English-style plural: the `one` message for exactly 1, else the `many` message with the number as `$1`. */
export function plural(n: number, one: MessageKey, many: MessageKey): string {
  return n === 1 ? t(one, n) : t(many, n);
}

/** The browser's UI language (BCP 47), or English outside an extension. */
export function uiLocale(): string {
  const g = globalThis as { browser?: { i18n?: { getUILanguage?: () => string } }; chrome?: { i18n?: { getUILanguage?: () => string } } };
  try {
    const lang = (g.browser?.i18n?.getUILanguage ?? g.chrome?.i18n?.getUILanguage)?.();
    if (lang && Intl.DateTimeFormat.supportedLocalesOf(lang.replace('_', '-')).length) return lang.replace('_', '-');
  } catch {
    // fall through
  }
  return 'en';
}

/** An ISO date (`2022-07-03`) in plain words for the UI language ("July 3, 2022"); anything else is returned as is. */
export function formatDate(iso: string, locale = uiLocale()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/**
 * A message with its `$n` substitutions kept as values rather than text (e.g. elements: `<strong>`, `<time>`), so the
 * UI can mark them up while the sentence stays translatable. Text parts come from `t`, substitutions in order.
 */
export function tParts<T>(key: MessageKey, ...subs: T[]): (string | T)[] {
  const marks = subs.map((_, i) => `\u0001${i}\u0002`);
  const text = t(key, ...marks);
  const out: (string | T)[] = [];
  for (const piece of text.split(/(\u0001\d+\u0002)/)) {
    const m = /^\u0001(\d+)\u0002$/.exec(piece);
    if (m) out.push(subs[Number(m[1])]!);
    else if (piece) out.push(piece);
  }
  return out;
}
