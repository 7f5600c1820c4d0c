// The preview server's site in memory (src/server/dev-site.ts), without the HTTP server: its
// search index after an edit indexes only the edited volume again. Runs Pagefind (no browser).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/build.ts';
import { DevSite } from '../../src/server/dev-site.ts';
import { makeContent, twoVolumes } from '../support/content.ts';

describe('the preview server\'s search index', () => {
  it('keeps each volume\'s bundle: after an edit, the other volume\'s comes from memory', async () => {
    const content = makeContent(twoVolumes());
    const site = new DevSite(content, DEFAULT_TEMPLATES);
    await site.rebuild(false);
    const before = await site.searchFiles();
    expect(site.lastIndexed).toEqual([2020, 2019]);
    expect(site.bundles.size).toBe(2);
    const file = path.join(content, '2019/zuzhi-gongzuo.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('整顿软弱涣散党组织8个', '整顿软弱涣散党组织9个'));
    await site.rebuild(false);
    const after = await site.searchFiles();
    expect(site.lastIndexed).toEqual([2019]);
    // The edited volume's old bundle is dropped and its new one kept: still two.
    expect(site.bundles.size).toBe(2);
    // The newest volume's index (pagefind/) is the same; the edited one's (pagefind/2019/) is not.
    const own = (files: Map<string, unknown>, folder: RegExp) => [...files.keys()].filter((f) => folder.test(f)).sort();
    expect(own(after, /^pagefind\/index\//)).toEqual(own(before, /^pagefind\/index\//));
    expect(own(after, /^pagefind\/2019\/index\//)).not.toEqual(own(before, /^pagefind\/2019\/index\//));
  });
});
