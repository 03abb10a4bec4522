/** Launches Debian's Chromium with the built extension (playwright-core; no browser downloads). */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { ROOT } from './pages';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');

export interface Launched {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
}

export async function launchWithExtension(): Promise<Launched> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium)`);
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`No built extension at ${EXTENSION_DIR}: run npm run build first`);
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'crosscheck-chromium-')), {
    executablePath: CHROMIUM,
    headless: false, // the real headless mode comes from --headless=new below; it loads extensions
    viewport: { width: 1200, height: 900 },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return { context, worker, extensionId };
}
