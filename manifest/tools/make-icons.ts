/** Writes manifest/color.png and manifest/outline.png from icons.ts (see manifest/README.md). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLOR_SIZE, OUTLINE_SIZE, renderColorIcon, renderOutlineIcon } from './icons';
import { encodePng } from './png';
import { MANIFEST_DIR } from './project';

for (const [file, size, pixels] of [
  ['color.png', COLOR_SIZE, renderColorIcon()],
  ['outline.png', OUTLINE_SIZE, renderOutlineIcon()],
] as const) {
  const path = join(MANIFEST_DIR, file);
  writeFileSync(path, encodePng(size, size, pixels));
  process.stdout.write(`wrote ${path} (${size}x${size})\n`);
}
