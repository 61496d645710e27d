// Where the bundled knowledge/ directory is, from source (tsx) or from dist/ (built).
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** knowledge/ at the package root, whether running from src/ (tsx) or dist/src/ (built). */
export function defaultKnowledgeDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    dir = resolve(dir, '..');
    try {
      if (readdirSync(join(dir, 'knowledge')).some((f) => f.endsWith('.md'))) {
        return join(dir, 'knowledge');
      }
    } catch {
      // Not here; keep walking up.
    }
  }
  return resolve('knowledge');
}
