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
