/**
 * npm run icons — the app icons of the web app manifest, drawn from the same ring as
 * public/icons/kreis.svg: 192 and 512 px ("any": the ring on the page colour, rounded corners)
 * and 512 px maskable (full-bleed background, the ring inside the safe zone, the inner 80 %).
 * The PNGs are committed; run this again only when the mark changes.
 */
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { fromRoot } from '../root.js';

const ACCENT = '#b4532a';
const PAPER = '#faf7f2';

/** `ring`: the ring's outer radius as a share of the icon's half-width. */
function svg(size: number, options: { ring: number; corner: number }): string {
  const c = size / 2;
  const stroke = size * 0.125 * options.ring;
  const r = c * options.ring - stroke / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<rect width="${size}" height="${size}" rx="${size * options.corner}" fill="${PAPER}"/>
<circle cx="${c}" cy="${c}" r="${r}" fill="none" stroke="${ACCENT}" stroke-width="${stroke}"/>
</svg>`;
}

const icons = [
  { file: 'icon-192.png', size: 192, ring: 0.75, corner: 0.18 },
  { file: 'icon-512.png', size: 512, ring: 0.75, corner: 0.18 },
  // Maskable: the platform cuts its own shape; everything important within 40 % of the centre.
  { file: 'maskable-512.png', size: 512, ring: 0.6, corner: 0 },
];

for (const icon of icons) {
  const png = await sharp(Buffer.from(svg(icon.size, icon))).png({ compressionLevel: 9 }).toBuffer();
  writeFileSync(fromRoot(`public/icons/${icon.file}`), png);
  console.log(`public/icons/${icon.file}: ${png.length} bytes`);
}
