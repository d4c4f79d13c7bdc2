/** Where things are, whether this runs from manifest/tools (tests) or dist/manifest/tools (npm run package). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'manifest', 'manifest.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root (package.json and manifest/manifest.json) above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const MANIFEST_DIR = join(ROOT, 'manifest');
export const ENV_DIR = join(ROOT, 'env');
export const BUILD_DIR = join(ROOT, 'appPackage', 'build');
