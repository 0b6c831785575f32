// Every money total is computed by the model (common/portfolio, the core): the window, the CLI and the
// Electron host only format. This scans their sources for arithmetic on money fields, so a sum written
// anew in a host fails here and belongs in common/portfolio/figures.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '../..');
const HOSTS = ['renderer/src', 'main/cli', 'main/electron'];
/** The in-memory fake builds sample snapshots with the model's own functions; it is test scaffolding. */
const SKIP = ['renderer/src/testing'];

const MONEY = 'cashBalance|sweepBalance|marketValue|dayProfitLoss|unrealizedProfitLoss|liquidationValue|dayChange|longValue|shortValue|buyingPower|costBasis';
const SUMS: Array<[string, RegExp]> = [
  ['arithmetic on a money field', new RegExp(`\\b(?:${MONEY})\\b\\s*[+\\-]\\s*(?:\\(|[\\w.]+\\b(?<!\\d))`)],
  ['a money field added to a total', new RegExp(`[+\\-]=\\s*[\\w.!?]*\\b(?:${MONEY})\\b`)],
  ['a reduce over money', new RegExp(`\\.reduce\\([^;]*\\b(?:${MONEY})\\b`)],
  ['a total of a snapshot', /\btotalsOf\s*\(|\bsum(?:Of)?\s*\(/],
  ['dollars turned into cents', /Math\.round\([^)]*\*\s*100\s*\)/],
];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (SKIP.includes(rel)) return [];
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx)$/.test(e.name) ? [rel] : [];
  });
}

/** Lines of code without their comments (a comment may describe a sum). */
function codeLines(file: string): Array<[number, string]> {
  return fs
    .readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .map((l, i): [number, string] => [i + 1, l.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '').replace(/\/\*.*?\*\//g, '')]);
}

function moneySums(files: readonly string[]): string[] {
  return files.flatMap((f) =>
    codeLines(f).flatMap(([n, line]) => SUMS.filter(([, re]) => re.test(line)).map(([what]) => `${f}:${n}: ${what}: ${line.trim()}`)),
  );
}

describe('no money total outside the model', () => {
  it('the renderer, the CLI and the Electron host only format money', () => {
    const files = HOSTS.flatMap(sources);
    expect(files.length).toBeGreaterThan(50);
    expect(moneySums(files)).toEqual([]);
  });

  it('the scan finds the sums it looks for', () => {
    // Inside the repo so the scan's path rules apply; test-results/ is git-ignored and absent in a fresh clone.
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, 'test-results', 'sums-'));
    try {
      const samples = [
        'const cash = asCents(a.cashBalance + (a.sweepBalance ?? 0));',
        'for (const p of ps) total += p.marketValue;',
        'const t = accounts.reduce((n, a) => n + a.liquidationValue, 0);',
        'const totals = totalsOf(accounts);',
        'const cents = Math.round(dollars * 100);',
      ];
      const file = path.join(dir, 'sample.ts');
      fs.writeFileSync(file, samples.join('\n'));
      expect(moneySums([path.relative(ROOT, file)])).toHaveLength(samples.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
