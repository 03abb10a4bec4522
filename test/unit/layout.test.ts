/**
 * The layout's rules (README, "Layout"), checked on the source: no import cycles among our modules (type-only
 * imports included: a cycle of types is still a knot in the design), `lib/pack/` never calls the verdict rules,
 * `lib/` never imports the browser glue of the entrypoints or components, and the content entrypoint stays wiring.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DIRS = ['lib', 'entrypoints', 'components'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const FILES = DIRS.flatMap((d) => sources(join(ROOT, d)));
const rel = (p: string) => relative(ROOT, p).replaceAll('\\', '/');

/** Resolves a relative specifier the way the bundler does (.ts, .tsx, /index.ts[x]); undefined for JSON and packages. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (FILES.includes(c)) return c;
  }
  return undefined;
}

/** Every module specifier of a file: static imports and exports (type-only too) and dynamic `import('…')`. */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

const GRAPH = new Map(FILES.map((f) => [f, [...new Set(specifiers(readFileSync(f, 'utf8')).map((s) => resolveImport(f, s)).filter((x): x is string => !!x))]]));

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let n = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)!.includes(v)) out.push(scc.map(rel).sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('layout', () => {
  it('reads the imports it checks (the parser sees static, type-only, re-exported and dynamic imports)', () => {
    const text = `import a from './a';\nimport type { B } from "../b";\nexport { c } from './c';\nimport './side';\nconst d = await import('./d');`;
    expect(specifiers(text)).toEqual(['./a', '../b', './c', './side', './d']);
    expect(FILES.length).toBeGreaterThan(50);
    expect(GRAPH.get(join(ROOT, 'lib', 'engine', '14-judge.ts'))!.map(rel)).toContain('lib/engine/13-verdict.ts');
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const g = new Map([
      ['/a', ['/b']],
      ['/b', ['/c']],
      ['/c', ['/a']],
      ['/d', ['/a']],
    ]);
    expect(cycles(g)).toHaveLength(1);
    expect(cycles(new Map([['/a', ['/b']], ['/b', []]]))).toEqual([]);
  });

  it('has no import cycles in lib/, entrypoints/ and components/', () => {
    expect(cycles(GRAPH)).toEqual([]);
  });

  it('lib/pack/ never calls the verdict rules, and lib/ never imports entrypoints or components', () => {
    const bad: string[] = [];
    for (const [f, deps] of GRAPH) {
      const r = rel(f);
      for (const d of deps.map(rel)) {
        if (r.startsWith('lib/pack/') && (d === 'lib/engine/13-verdict.ts' || d === 'lib/engine/14-judge.ts' || d === 'lib/engine/index.ts')) bad.push(`${r} → ${d}`);
        if (r.startsWith('lib/') && (d.startsWith('entrypoints/') || d.startsWith('components/'))) bad.push(`${r} → ${d}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the content entrypoint is wiring only (at most 150 lines)', () => {
    const lines = readFileSync(join(ROOT, 'entrypoints', 'content', 'index.tsx'), 'utf8').split('\n').length;
    expect(lines).toBeLessThanOrEqual(150);
  });
});
