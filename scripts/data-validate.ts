/** Validates every data source file (or the ones named) and prints the first problem per file. Exit 1 on any. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseClaimsFile, parseOriginsFile, mergeSources, DataError, type SourceSet } from '../lib/pack/sources';

const root = join(import.meta.dirname, '..', 'data');
const set: SourceSet = { origins: [], claims: [] };
let failed = 0;
for (const [dir, kind] of [['origins', 'origins'], ['claims', 'claims']] as const) {
  for (const name of readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml')).sort()) {
    const file = `data/${dir}/${name}`;
    try {
      const text = readFileSync(join(root, dir, name), 'utf8');
      if (kind === 'origins') set.origins.push({ file, data: parseOriginsFile(text, file) });
      else set.claims.push({ file, data: parseClaimsFile(text, file) });
    } catch (e) {
      failed++;
      console.error(e instanceof DataError ? e.message : `${file}: ${String(e)}`);
    }
  }
}
try {
  const m = mergeSources(set);
  const statements = m.claims.reduce((n, c) => n + c.statements.length, 0);
  console.log(`${m.claims.length} claims, ${statements} statements, ${m.origins.length} origins, ${m.groups.length} groups`);
} catch (e) {
  failed++;
  console.error(e instanceof DataError ? e.message : String(e));
}
process.exit(failed ? 1 : 0);
