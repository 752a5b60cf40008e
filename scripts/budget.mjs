#!/usr/bin/env node
/**
 * `node scripts/budget.mjs [DIR]`: fails when the built github.com content script is over its budget of 30 KB gzip
 * (level 9, as `npm run bench`'s bundle.content.gzipBytes measures it). It loads on every github.com page; `npm test`
 * runs this after the Chrome build, so a change that outgrows it fails CI instead of only reading ✗ in the bench.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 30 * 1024;
const dir = resolve(process.argv[2] ?? join(process.env.WXT_OUT_DIR ?? '.output', 'chrome-mv3'));
const file = join(dir, 'content-scripts', 'github.js');
const bytes = gzipSync(readFileSync(file), { level: 9 }).length;
const line = `content script: ${bytes.toLocaleString('en-US')} B gzip of ${BUDGET.toLocaleString('en-US')} B`;
if (bytes > BUDGET) {
  console.error(`✗ ${line} — over budget by ${(bytes - BUDGET).toLocaleString('en-US')} B`);
  process.exit(1);
}
console.log(`✓ ${line}`);
