/** The repository root, found from this file whether it runs from src/ (tests) or dist/src/ (built). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'cards'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`TryggMeld: cannot find the project root above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const CARDS_DIR = join(PROJECT_ROOT, 'cards');
export const DEMO_DIRECTORY_FILE = join(PROJECT_ROOT, 'src', 'config', 'demo', 'directory.yaml');
