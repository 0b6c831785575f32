#!/usr/bin/env node
// Runs Doyensec's Electronegativity over the app's sources (and the built bundles when present) and fails on
// any HIGH-severity finding, or on any finding not explained in docs/electronegativity.md.
// Offline: the check that downloads Electron's release list from GitHub is skipped (we pin Electron in
// package.json and upgrade deliberately); the tool's 1-second translation fetch fails fast and is harmless.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const docFile = path.join(root, 'docs', 'electronegativity.md');
const OFFLINE_EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

// Electronegativity takes one input folder: stage what ships (plus package.json for the version checks).
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-electronegativity-'));
const copy = (rel, filter = () => true) => {
  const from = path.join(root, rel);
  if (!fs.existsSync(from)) return;
  fs.cpSync(from, path.join(stage, rel), { recursive: true, filter: (src) => filter(path.relative(root, src)) });
};
copy('package.json');
copy('main');
copy('preload');
copy('renderer', (rel) => !/(^|\/)(testing|__tests__)(\/|$)|\.test\.tsx?$/.test(rel));
// The bundles as Electron loads them (main, preload); the renderer is checked from source.
copy('out/main');
copy('out/preload');

const cli = path.join(path.dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
const electronVersion = require('electron/package.json').version;
const report = path.join(stage, 'report.csv');
const run = spawnSync(
  process.execPath,
  [cli, '-i', stage, '-o', report, '-r', '-v', 'false', '-e', electronVersion, '-x', OFFLINE_EXCLUDED.join(',')],
  { encoding: 'utf8', env: { ...process.env, LANG: 'en-US' }, timeout: 300_000 },
);
if (run.status !== 0 || !fs.existsSync(report)) {
  process.stderr.write(run.stdout + run.stderr);
  console.error(`electronegativity: the scan did not complete (exit ${run.status})`);
  process.exit(2);
}

/** RFC 4180-ish CSV (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) rows.push([...row, field.trim()]);
  return rows.filter((r) => r.some((f) => f !== ''));
}

const [, ...rows] = parseCsv(fs.readFileSync(report, 'utf8'));
const findings = rows.map(([issue, severity, confidence, file, location, , description]) => ({
  issue,
  severity,
  confidence,
  file: file === 'N/A' ? 'N/A' : file.replace(/^\.?\//, ''),
  location,
  description,
}));
fs.rmSync(stage, { recursive: true, force: true });

// The doc's table rows: | ISSUE | file | explanation |
const explained = new Set(
  fs.existsSync(docFile)
    ? [...fs.readFileSync(docFile, 'utf8').matchAll(/^\|\s*`?([A-Z_]+)`?\s*\|\s*`?([^|`]+?)`?\s*\|/gm)].map((m) => `${m[1]} ${m[2]}`)
    : [],
);

let failed = false;
for (const f of findings) {
  const key = `${f.issue} ${f.file}`;
  const ok = f.severity !== 'HIGH' && explained.has(key);
  const mark = f.severity === 'HIGH' ? 'HIGH  ' : ok ? 'ok    ' : 'UNEXPL';
  console.log(`${mark} ${f.severity.padEnd(13)} ${f.issue.padEnd(34)} ${f.file}:${f.location}`);
  if (!ok) failed = true;
}
console.log(`electronegativity ${electronVersion ? `(Electron ${electronVersion})` : ''}: ${findings.length} finding(s)`);
if (failed) {
  console.error('electronegativity: HIGH findings, or findings not explained in docs/electronegativity.md (| ISSUE | file | why |)');
  process.exit(1);
}
