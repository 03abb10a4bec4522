/** `npm run data:build`: validates data/, generates the series, writes the pack and its prebuilt Fuse index. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, compilePack } from '../lib/pack/compile';
import { Pack } from '../lib/pack/schema';
import { DataError } from '../lib/pack/sources';
import { BUILD, LICENCES, ROOT, readSources } from './data-lib';

try {
  const t0 = performance.now();
  const src = readSources();
  const claims = [...src.handClaims, ...src.seriesClaims];
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256').update(JSON.stringify([src.groups, src.origins, src.outlets, claims])).digest('hex').slice(0, 8);
  const pack = Pack.parse(compilePack({ version: `${pkg.version}+${hash}`, groups: src.groups, origins: src.origins, outlets: src.outlets, claims, licences: LICENCES }));
  const index = buildIndex(pack);
  mkdirSync(BUILD, { recursive: true });
  writeFileSync(join(BUILD, 'pack.json'), JSON.stringify(pack));
  writeFileSync(join(BUILD, 'fuse-index.json'), JSON.stringify(index));
  const statements = claims.reduce((n, c) => n + c.statements.length, 0);
  console.log(
    `data:build: pack ${pack.version}: ${src.handClaims.length} hand-curated + ${src.seriesClaims.length} generated claims, ` +
      `${statements} statements, ${src.origins.length} origins, ${src.groups.length} groups ` +
      `(${src.files.length} source files, ${Math.round(performance.now() - t0)} ms) → data/build/`,
  );
} catch (e) {
  console.error(e instanceof DataError ? `data:build: ${e.message}` : e);
  process.exit(1);
}
