#!/usr/bin/env node
// Runs Doyensec's Electronegativity over the app's sources and fails on any HIGH-severity finding, on any
// finding not explained in ARCHITECTURE.md (its Electronegativity table), and on any source file the tool could not parse (a
// file it cannot read is a file it silently does not check).
// Offline: the check that downloads Electron's release list from GitHub is skipped (Electron is pinned in
// package.json and upgraded deliberately); the tool's translation download fails on its own and is harmless.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const docFile = path.join(root, 'ARCHITECTURE.md');
const OFFLINE_EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

// Electronegativity takes one input folder: stage the sources that ship, plus package.json (version checks).
// Not out/: the tool's parser predates syntax rolldown emits (private class fields) and cannot read it.
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'arbion-electronegativity-'));
const copy = (rel, filter = () => true) => {
  const from = path.join(root, rel);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, rel), { recursive: true, filter: (src) => filter(path.relative(root, src)) });
};
copy('package.json');
copy('main');
copy('preload');
copy('common');
copy('renderer', (rel) => !/(^|\/)(testing|__tests__)(\/|$)|\.test\.tsx?$/.test(rel));

const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
// The tool prints its progress through console.log; keep our output to the verdict.
const log = console.log;
console.log = () => undefined;
let result;
try {
  result = await run({
    input: stage,
    excludeFromScan: OFFLINE_EXCLUDED,
    electronVersionOverride: electronVersion,
    isRelative: true,
    parserPlugins: [],
  });
} finally {
  console.log = log;
  fs.rmSync(stage, { recursive: true, force: true });
}

const rel = (file) => (file === 'N/A' || !path.isAbsolute(file) ? file : path.relative(stage, file)).replace(/^\.?\//, '');
const findings = result.issues.map((i) => ({
  issue: i.id,
  severity: i.severity.name,
  file: rel(i.file),
  location: `${i.location.line}:${i.location.column}`,
  description: i.description,
}));
const unread = result.errors.filter((e) => !e.tolerable).map((e) => `${rel(e.file)}: ${e.message}`);

// The doc's table rows: | `ISSUE` | `file` | why |
const explained = new Set(
  fs.existsSync(docFile)
    ? [...fs.readFileSync(docFile, 'utf8').matchAll(/^\|\s*`?([A-Z_]+)`?\s*\|\s*`?([^|`]+?)`?\s*\|/gm)].map((m) => `${m[1]} ${m[2]}`)
    : [],
);

let failed = unread.length > 0;
for (const u of unread) console.log(`UNREAD ${u}`);
for (const f of findings) {
  const ok = f.severity !== 'HIGH' && explained.has(`${f.issue} ${f.file}`);
  const mark = f.severity === 'HIGH' ? 'HIGH  ' : ok ? 'ok    ' : 'UNEXPL';
  console.log(`${mark} ${f.severity.padEnd(13)} ${f.issue.padEnd(40)} ${f.file}:${f.location}  ${ok ? '' : f.description}`);
  if (!ok) failed = true;
}
console.log(
  `electronegativity (Electron ${electronVersion}): ${result.globalChecks + result.atomicChecks} checks, ${findings.length} finding(s), ${unread.length} unreadable file(s)`,
);
if (failed) {
  console.error('electronegativity: failed — HIGH findings, findings not explained in ARCHITECTURE.md, or unreadable files');
  process.exit(1);
}
