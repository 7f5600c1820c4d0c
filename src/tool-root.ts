// The folder this tool is installed in (the one with its package.json): where its own templates
// are, and what the build cache fingerprints. Found by walking up, so that it is the same whether
// the code runs from src/ or from the launcher's compiled bundle (src/bin/yearbook.js).
import { readFileSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'nianjian') return dir;
    } catch {
      // No package.json here, or another one: keep going up.
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the nianjian package above ${from}`);
  }
}

export const TOOL_ROOT = findRoot(import.meta.dirname);
