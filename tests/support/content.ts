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

export const VOLUME_2019 = 'title: 中山年鉴\nedition: 2019\ncategories:\n  - 市情概览\n  - 政治\n';

/**
 * Two volumes, each a chapter on the same work (组织工作), for search across volumes: 人才 is the
 * whole subject of an entry of the older volume and one word in an entry of the newer one;
 * 党组织 is in both; 干部/头发/发展 convert to Traditional by phrase (幹部, 頭髮, 發展).
 */
export function twoVolumes(): Record<string, string> {
  const front = (title: string) => `title: ${title}\nslug: zuzhi-gongzuo\ncategory: 政治`;
  return {
    '2019/volume.yml': VOLUME_2019,
    '2019/zuzhi-gongzuo.md': chapterFile(
      front('组织工作'),
      '## 人才发展\n\n2018年，人才工作聚焦人才引进，人才政策覆盖各类人才，举办人才节，人才总量持续增长。\n\n' +
        '## 基层党组织\n\n2018年，新建基层党组织15个，整顿软弱涣散党组织8个。\n',
    ),
    '2020/volume.yml': VOLUME_2020,
    '2020/zuzhi-gongzuo.md': chapterFile(
      front('组织工作'),
      '## 党组织建设\n\n2019年，全市推进党组织建设，发展党员2212人，干部理了头发参加培训。\n\n' +
        '## 干部工作\n\n全年调整干部120名，并从外地引进人才30名。\n',
    ),
  };
}
