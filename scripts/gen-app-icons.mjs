#!/usr/bin/env node
/**
 * Draws the extension's icons (public/icon/{16,32,48,96,128}.png): Primer's Copilot octicon in white on a purple
 * rounded square, with a green "live" dot from 32 px up. Rasterised by the local Chromium (scripts/find-chrome.mjs),
 * so the PNGs are committed and this runs only when the design changes: `node scripts/gen-app-icons.mjs`.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findChrome } from './find-chrome.mjs';

const require = createRequire(import.meta.url);
const octicons = require('@primer/octicons');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = [16, 32, 48, 96, 128];

function svg(size) {
  const glyph = octicons.copilot.heights[size <= 16 ? 16 : 24];
  const vb = size <= 16 ? 16 : 24;
  // The glyph fills more of the tile at small sizes, where the dot is left out.
  const inset = size <= 16 ? 0.08 : 0.18;
  const g = size * (1 - 2 * inset);
  const dot = size >= 32;
  const r = size * 0.16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#8957e5"/><stop offset="1" stop-color="#6639ba"/></linearGradient></defs>
  <rect width="${size}" height="${size}" rx="${size * 0.22}" fill="url(#bg)"/>
  <svg x="${size * inset}" y="${size * inset}" width="${g}" height="${g}" viewBox="0 0 ${vb} ${vb}" fill="#ffffff">${glyph.path}</svg>
  ${dot ? `<circle cx="${size - r * 1.15}" cy="${size - r * 1.15}" r="${r}" fill="#2da44e" stroke="#ffffff" stroke-width="${Math.max(1, size * 0.04)}"/>` : ''}
</svg>`;
}

const browser = await chromium.launch({ executablePath: findChrome({ install: false }), headless: true });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  mkdirSync(resolve(root, 'public/icon'), { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg(size)}</body></html>`);
    await page
      .locator('svg')
      .first()
      .screenshot({ path: resolve(root, `public/icon/${size}.png`), omitBackground: true });
    console.log(`public/icon/${size}.png`);
  }
} finally {
  await browser.close();
}
