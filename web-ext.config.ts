import { existsSync } from 'node:fs';
import { defineWebExtConfig } from 'wxt';

// `npm run dev` / `npm run dev:firefox` open a browser with the extension loaded. Debian installs Chromium and
// Firefox ESR under names web-ext does not look for, so point it at them when they are there.
const binaries: Record<string, string> = {};
if (existsSync('/usr/bin/chromium')) binaries.chrome = '/usr/bin/chromium';
if (existsSync('/usr/bin/firefox-esr')) binaries.firefox = '/usr/bin/firefox-esr';

export default defineWebExtConfig({ binaries });
