// Writes a small content folder into a temporary directory for a test.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const VOLUME_2020 = 'title: 中山年鉴\nedition: 2020\ncategories:\n  - 市情概览\n  - 政治\n';

/** Files keyed by path relative to the content folder, e.g. { '2020/volume.yml': '…' }. */
export function makeContent(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'yearbook-test-'));
  const content = path.join(root, 'content');
  for (const [name, body] of Object.entries(files)) {
    const file = path.join(content, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
  }
  return content;
}

export function chapterFile(front: string, body: string): string {
  return `---\n${front}\n---\n\n${body}`;
}
