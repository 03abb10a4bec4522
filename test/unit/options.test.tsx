// @vitest-environment happy-dom
/**
 * The Options component over WXT's fakeBrowser storage: empty states, settings saved as they change, site rules,
 * importing a good and a bad pack file (the error lists the problems; nothing changes), removing a pack, switching
 * one off, and exporting the recorded false matches as a JSON download.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Options, type BundledInfo, type PackImporter } from '../../components/Options';
import { falseMatchesItem, loadSettings, settingsItem } from '../../lib/ext/storage';
import { importPackText, loadImportedPacks } from '../../lib/ext/packs';
import { bundledReference } from '../../lib/pack/bundled';
import { packCounts } from '../../lib/pack/import';
import { DEFAULT_SETTINGS, type FalseMatch } from '../../lib/settings';

/** Stored data without WXT's version records (`<key>$`), which WXT writes on its own schedule. */
const userData = async () => Object.fromEntries(Object.entries(await fakeBrowser.storage.local.get(null)).filter(([k]) => !k.endsWith('$')));

const FIXTURE = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'packs', 'belgorod-extra.json'), 'utf8');

const bundledInfo = (): BundledInfo => {
  const pack = bundledReference().pack;
  return { id: pack.id, version: pack.version, title: pack.title, counts: packCounts(pack) };
};
// What the background's `importPack` does (test/unit/settings-background.test.ts covers the message itself).
const importHere: PackImporter = async (text, fileName) => (await importPackText(text, fileName, bundledReference().pack)).meta;

beforeEach(() => fakeBrowser.reset());
afterEach(() => cleanup());

async function setup(download = vi.fn()) {
  render(<Options bundled={bundledInfo()} importPack={importHere} download={download} />);
  await screen.findByRole('heading', { level: 1, name: 'Crosscheck settings' });
  return { download };
}

function chooseFile(text: string, name: string) {
  const input = screen.getByLabelText(/^Import a pack file/) as HTMLInputElement;
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('Options', () => {
  it('shows the bundled pack and the empty states', async () => {
    await setup();
    const b = bundledInfo();
    expect(screen.getByText(b.id)).toBeTruthy();
    expect(screen.getByText(b.version)).toBeTruthy();
    expect(screen.getByText(`claims: ${b.counts.claims} · statements: ${b.counts.statements} · origins: ${b.counts.origins} · outlets: ${b.counts.outlets}`)).toBeTruthy();
    expect(screen.getByText('No packs imported yet.')).toBeTruthy();
    expect(screen.getByText('No false matches recorded.')).toBeTruthy();
    expect(screen.getByText(/^No site rules yet/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Export as JSON' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('every form control has a label', async () => {
    const { container } = render(<Options bundled={bundledInfo()} importPack={importHere} />);
    await screen.findByRole('heading', { level: 1 });
    for (const el of container.querySelectorAll('input, select')) {
      const id = el.getAttribute('id');
      expect(id && container.querySelector(`label[for="${id}"]`), el.outerHTML).toBeTruthy();
    }
  });

  it('saves each setting as it changes', async () => {
    await setup();
    fireEvent.click(screen.getByLabelText('Scan news articles automatically'));
    await waitFor(async () => expect((await loadSettings()).autoScan).toBe(false));
    fireEvent.click(screen.getByLabelText('Disputed'));
    await waitFor(async () => expect((await loadSettings()).statuses.disputed).toBe(false));
    const slider = screen.getByLabelText(/^How confident the engine must be/) as HTMLInputElement;
    expect(Number(slider.value)).toBe(DEFAULT_SETTINGS.minScore);
    fireEvent.change(slider, { target: { value: '0.98' } });
    await waitFor(async () => expect((await loadSettings()).minScore).toBe(0.98));
    expect(await screen.findByText(/98% — strict/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: `Reset to the default (${Math.round(DEFAULT_SETTINGS.minScore * 100)}%)` }));
    await waitFor(async () => expect((await loadSettings()).minScore).toBe(DEFAULT_SETTINGS.minScore));
    // The highlights switch disables the status choices.
    fireEvent.click(screen.getByLabelText('Show highlights in the page'));
    await waitFor(async () => expect((await loadSettings()).highlights).toBe(false));
    await waitFor(() => expect((screen.getByRole('group', { name: 'Highlight these statuses' }) as HTMLFieldSetElement).disabled).toBe(true));
  });

  it('follows changes made elsewhere (the keyboard shortcut flips highlights)', async () => {
    await setup();
    expect((screen.getByLabelText('Show highlights in the page') as HTMLInputElement).checked).toBe(true);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, highlights: false });
    await waitFor(() => expect((screen.getByLabelText('Show highlights in the page') as HTMLInputElement).checked).toBe(false));
  });

  it('adds and removes site rules; an invalid hostname gets a clear error', async () => {
    await setup();
    const host = screen.getByLabelText('Site (hostname)');
    fireEvent.input(host, { target: { value: 'not a host' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    expect((await screen.findByRole('alert')).textContent).toBe('“not a host” is not a hostname. Enter something like news.example.com.');
    expect((await loadSettings()).sites).toEqual({});

    fireEvent.input(host, { target: { value: 'https://News.Example.com/world/' } });
    fireEvent.change(screen.getByLabelText('Rule'), { target: { value: 'no-highlights' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    await waitFor(async () => expect((await loadSettings()).sites).toEqual({ 'news.example.com': { highlights: false } }));
    const row = (await screen.findByRole('rowheader', { name: 'news.example.com' })).closest('tr')!;
    expect(within(row).getByText('Scan, but no highlights')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Remove the rule for news.example.com' }));
    await waitFor(async () => expect((await loadSettings()).sites).toEqual({}));
    expect(await screen.findByText(/^No site rules yet/)).toBeTruthy();
  });

  it('imports a pack file, lists it, switches it off and removes it', async () => {
    await setup();
    chooseFile(FIXTURE, 'belgorod-extra.json');
    expect((await screen.findByText(/^Imported “Test pack: Belgorod, 3 July 2022” \(claims: 1 · statements: 1 · origins: 0\)/)).getAttribute('role')).toBe('status');
    const item = (await screen.findByText('Test pack: Belgorod, 3 July 2022', { selector: 'strong' })).closest('li')!;
    expect(within(item).getByText('claims: 1 · statements: 1 · origins: 0 · outlets: 0')).toBeTruthy();
    expect(within(item).getByText(/^Imported .* from belgorod-extra\.json$/)).toBeTruthy();
    expect((await loadImportedPacks()).map((p) => p.meta.id)).toEqual(['test-belgorod-extra']);

    fireEvent.click(within(item).getByLabelText('Use for matching'));
    await waitFor(async () => expect((await loadSettings()).disabledPacks).toEqual(['test-belgorod-extra']));

    fireEvent.click(within(item).getByRole('button', { name: 'Remove the pack “Test pack: Belgorod, 3 July 2022”' }));
    expect(await screen.findByText('No packs imported yet.')).toBeTruthy();
    expect(await loadImportedPacks()).toEqual([]);
  });

  it('a bad file: the problems are listed, the installed packs and settings stay', async () => {
    await setup();
    chooseFile(FIXTURE, 'belgorod-extra.json');
    await screen.findByText('Test pack: Belgorod, 3 July 2022', { selector: 'strong' });
    const before = await userData();

    const bad = JSON.parse(FIXTURE);
    bad.id = 'test-bad';
    bad.claims.push(structuredClone(bad.claims[0]));
    bad.claims[0].statements[0].origin = 'nobody';
    chooseFile(JSON.stringify(bad), 'bad-pack.json');
    const alert = await screen.findByTestId('import-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(within(alert).getByText('“bad-pack.json” was not imported:')).toBeTruthy();
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'at claims[0].statements[0].origin: unknown origin "nobody"',
      'at claims[1].id: duplicate claim id "belgorod-festival-called-off"',
    ]);
    expect(within(alert).getByText(/^Nothing was changed/)).toBeTruthy();
    expect(await userData()).toEqual(before);
    expect(screen.getAllByText('Test pack: Belgorod, 3 July 2022', { selector: 'strong' })).toHaveLength(1);

    chooseFile('{"id": ', 'cut.json');
    await waitFor(() => expect(screen.getByTestId('import-error').textContent).toMatch(/“cut\.json” was not imported:not valid JSON: /));
    expect(await userData()).toEqual(before);
  });

  it('refuses a file over the limit by its size, without reading it', async () => {
    await setup();
    const input = screen.getByLabelText(/^Import a pack file/) as HTMLInputElement;
    const text = vi.fn(async () => '');
    const huge = { name: 'huge.json', size: 50 * 1024 * 1024, text } as unknown as File;
    Object.defineProperty(input, 'files', { value: [huge], configurable: true });
    fireEvent.change(input);
    const alert = await screen.findByTestId('import-error');
    expect(within(alert).getByRole('listitem').textContent).toBe('the file is 50 MB; the limit is 8 MB (browser storage for extensions holds about 10 MB)');
    expect(text).not.toHaveBeenCalled();
  });

  it('exports the recorded false matches as a JSON file', async () => {
    const fm: FalseMatch = {
      url: 'https://news.example.test/article',
      sentence: 'A sentence the reader reported.',
      claimId: 'belgorod-july3-explosions',
      score: 0.5,
      status: 'corroborated',
      at: '2026-01-02T03:04:05.000Z',
    };
    await falseMatchesItem.setValue([fm]);
    const { download } = await setup();
    expect(await screen.findByText('Recorded so far: 1.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Export as JSON' }));
    expect(download).toHaveBeenCalledTimes(1);
    const [name, blob] = download.mock.calls[0]! as [string, Blob];
    expect(name).toMatch(/^crosscheck-false-matches-\d{4}-\d{2}-\d{2}\.json$/);
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text()).falseMatches).toEqual([fm]);
  });
});
