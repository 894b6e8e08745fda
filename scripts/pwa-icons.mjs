#!/usr/bin/env node
/**
 * Makes the PWA icons in public/ from public/favicon.svg:
 *   pwa-192x192.png, pwa-512x512.png      "any" purpose: the favicon as it is
 *   maskable-512x512.png                   "maskable": full-bleed background, glyph inside the
 *                                          central 80% safe zone, so launchers can crop it to any shape
 *   apple-touch-icon-180x180.png           iOS home screen (no transparency there)
 *
 * The PNGs are committed, so neither the build nor CI needs an image library. Run this again
 * only when the favicon changes: `node scripts/pwa-icons.mjs`. It uses sharp, which is already
 * installed as a dependency of @huggingface/transformers.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const favicon = readFileSync(join(PUBLIC, 'favicon.svg'), 'utf8');

// The favicon's gradient and glyph, without its rounded corners; the glyph (about 42% of the
// canvas) sits well inside the maskable safe zone, a centred circle of 80% diameter.
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6366f1"/><stop offset="1" stop-color="#0ea5e9"/></linearGradient></defs>
<rect width="64" height="64" fill="url(#g)"/>
<g transform="translate(32 32) scale(0.95) translate(-32 -32)">
<rect x="18" y="18" width="28" height="28" rx="6" fill="#fff" opacity=".92"/>
<rect x="26" y="26" width="12" height="12" rx="3" fill="#4f46e5"/>
</g></svg>`;

async function render(svg, size, file, { flatten = false } = {}) {
  let image = sharp(Buffer.from(svg), { density: Math.ceil((72 * size) / 64) }).resize(size, size);
  if (flatten) image = image.flatten({ background: '#ffffff' });
  await image.png({ compressionLevel: 9, palette: true }).toFile(join(PUBLIC, file));
  console.log(`public/${file}`);
}

await render(favicon, 192, 'pwa-192x192.png');
await render(favicon, 512, 'pwa-512x512.png');
await render(maskable, 512, 'maskable-512x512.png');
await render(maskable, 180, 'apple-touch-icon-180x180.png', { flatten: true });
