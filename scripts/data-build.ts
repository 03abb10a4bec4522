/** `npm run data:build`: validates data/, generates the series, writes the pack and its prebuilt Fuse index. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, compilePack } from '../lib/pack/compile';
import { compilePackBinary } from '../lib/pack/compiled/compile';
import { Pack } from '../lib/pack/schema';
import { DataError } from '../lib/pack/sources';
import { BUILD, LICENCES, ROOT, readSources } from './data-lib';

try {
  const t0 = performance.now();
  const src = readSources();
  const claims = [...src.handClaims, ...src.seriesClaims];
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256').update(JSON.stringify([src.groups, src.origins, src.outlets, src.events, claims])).digest('hex').slice(0, 8);
  const pack = Pack.parse(compilePack({ version: `${pkg.version}+${hash}`, groups: src.groups, origins: src.origins, outlets: src.outlets, events: src.events, claims, licences: LICENCES }));
  const index = buildIndex(pack);
  mkdirSync(BUILD, { recursive: true });
  writeFileSync(join(BUILD, 'pack.json'), JSON.stringify(pack));
  writeFileSync(join(BUILD, 'fuse-index.json'), JSON.stringify(index));
  // The compiled pack the extension loads (lib/pack/compiled): matching data as typed arrays, bodies on demand.
  const t1 = performance.now();
  const compiled = compilePackBinary(pack, { source: pack.version });
  writeFileSync(join(BUILD, 'pack.ccpk'), compiled);
  const compileMs = performance.now() - t1;
  const statements = claims.reduce((n, c) => n + c.statements.length, 0);
  console.log(
    `data:build: pack ${pack.version}: ${src.handClaims.length} hand-curated + ${src.seriesClaims.length} generated claims, ` +
      `${statements} statements, ${src.origins.length} origins, ${src.groups.length} groups ` +
      `(${src.files.length} source files, ${Math.round(performance.now() - t0)} ms, of which compiling ${Math.round(compileMs)} ms) → data/build/ ` +
      `(pack.json ${Math.round(JSON.stringify(pack).length / 1024)} kB, pack.ccpk ${Math.round(compiled.length / 1024)} kB)`,
  );
} catch (e) {
  console.error(e instanceof DataError ? `data:build: ${e.message}` : e);
  process.exit(1);
}
