/** Validates every data source file and prints counts; the first problem is named with its file and path. Exit 1. */
import { DataError } from '../lib/pack/sources';
import { readSources } from './data-lib';

try {
  const s = readSources();
  const statements = s.handClaims.reduce((n, c) => n + c.statements.length, 0);
  console.log(
    `${s.handClaims.length} claims, ${statements} statements, ${s.origins.length} origins, ${s.groups.length} groups, ` +
      `${s.outlets.length} outlets (+ ${s.seriesClaims.length} generated claims)`,
  );
} catch (e) {
  console.error(e instanceof DataError ? e.message : String(e));
  process.exit(1);
}
