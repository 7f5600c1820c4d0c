// The renderer: templates escape by default, fail on typos, and name the template in errors.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent, DEFAULT_TEMPLATES } from '../../src/build.ts';
import { BuildError } from '../../src/diagnostics.ts';
import { renderBatches, Renderer, resolveFile, type Generator, type RenderMemo } from '../../src/pipeline/render.ts';
import { SIMPLIFIED, TRADITIONAL } from '../../src/pipeline/traditional.ts';
import { makeContent, twoVolumes } from '../support/content.ts';

function templatesWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'yearbook-templates-'));
  cpSync(DEFAULT_TEMPLATES, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): BuildError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error('expected a BuildError');
}

describe('Renderer', () => {
  it('without a memo, leaves a page in Traditional to convert, to the same bytes as a memo would get', () => {
    const templates = templatesWith({ 'probe.liquid': '<html lang="zh-CN"><p>{{ text }}</p></html>' });
    const page = new Renderer(templates).render('probe', { text: '组织工作' }, TRADITIONAL);
    expect(page).toEqual({ lang: TRADITIONAL.lang, simplified: '<html lang="zh-CN"><p>组织工作</p></html>' });
    const converted = resolveFile({ path: 'hant/index.html', content: page }).content;
    expect(converted).toBe('<html lang="zh-Hant-HK"><p>組織工作</p></html>');
    const memo: RenderMemo = { render: (_name, _data, render) => render() };
    expect(new Renderer(templates, memo).render('probe', { text: '组织工作' }, TRADITIONAL)).toBe(converted);
    expect(new Renderer(templates).render('probe', { text: '组织工作' }, SIMPLIFIED)).toBe('<html lang="zh-CN"><p>组织工作</p></html>');
  });

  it('escapes output by default', () => {
    const renderer = new Renderer(templatesWith({ 'probe.liquid': '<p>{{ text }}</p>' }));
    expect(renderer.render('probe', { text: '<script>alert("x")</script>' })).toBe('<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>');
  });

  it('reports a misspelt variable with the template file, line and column', () => {
    const renderer = new Renderer(templatesWith({ 'probe.liquid': 'line one\n<p>{{ titel }}</p>' }));
    const error = errorOf(() => renderer.render('probe', { title: '甲' }));
    expect(error.diagnostics[0]).toMatchObject({ line: 2, column: 7 });
    expect(error.diagnostics[0]!.file).toMatch(/probe\.liquid$/);
    expect(error.diagnostics[0]!.message).toMatch(/undefined variable: titel/);
  });

  it('reports a broken template when it is loaded, naming the file', () => {
    const error = errorOf(() => new Renderer(templatesWith({ 'probe.liquid': '{% if x %}\n<p>never closed</p>' })));
    expect(error.diagnostics[0]!.file).toMatch(/probe\.liquid$/);
    expect(error.diagnostics[0]!.message).toMatch(/template error.*not closed/);
  });

  it('reports an unknown filter', () => {
    const error = errorOf(() => new Renderer(templatesWith({ 'probe.liquid': '{{ x | shout }}' })));
    expect(error.diagnostics[0]!.message).toMatch(/undefined filter: shout/);
  });
});

describe('renderBatches', () => {
  it('makes each batch in both scripts before the next when the pages are converted later, and gives the site files every path, Simplified first', async () => {
    const { site } = await checkContent(makeContent(twoVolumes()));
    const made: string[] = [];
    const page = (path: string) => [{ path, content: 'x' }];
    const generators: Generator[] = [
      (context) => (made.push(`home ${context.script.lang}`), page('index.html')),
      { name: 'volume', pages: (context, volume) => (made.push(`volume ${volume.edition} ${context.script.lang}`), page(`${volume.edition}/index.html`)) },
    ];
    let sitePaths: string[] = [];
    const siteFiles = (_context: unknown, paths: string[]) => ((sitePaths = paths), page('sitemap.xml'));
    const batches = [...renderBatches(site, new Renderer(DEFAULT_TEMPLATES), generators, {}, [siteFiles])];
    // The Traditional pages are converted after they are made (by the writer's thread, in a build
    // without the cache): taking turns spreads that over the whole rendering.
    const { lang: hans } = SIMPLIFIED;
    const { lang: hant } = TRADITIONAL;
    expect(made).toEqual([`home ${hans}`, `home ${hant}`, `volume 2020 ${hans}`, `volume 2020 ${hant}`, `volume 2019 ${hans}`, `volume 2019 ${hant}`]);
    expect(batches.map((batch) => batch.map((f) => f.path))).toEqual([
      ['index.html'],
      ['hant/index.html'],
      ['2020/index.html'],
      ['hant/2020/index.html'],
      ['2019/index.html'],
      ['hant/2019/index.html'],
      ['sitemap.xml'],
    ]);
    // In the order of the pages in each script, as the sitemap lists them.
    const inOrder = ['index.html', '2020/index.html', '2019/index.html', 'hant/index.html', 'hant/2020/index.html', 'hant/2019/index.html'];
    expect(sitePaths).toEqual(inOrder);
    // A renderer that converts its pages itself (with a memo) makes one script after the other.
    made.length = 0;
    const memo: RenderMemo = { render: (_name, _data, render) => render() };
    const converting = [...renderBatches(site, new Renderer(DEFAULT_TEMPLATES, memo), generators, {}, [siteFiles])];
    expect(made).toEqual([`home ${hans}`, `volume 2020 ${hans}`, `volume 2019 ${hans}`, `home ${hant}`, `volume 2020 ${hant}`, `volume 2019 ${hant}`]);
    expect(converting.map((batch) => batch.map((f) => f.path))).toEqual([...inOrder.map((p) => [p]), ['sitemap.xml']]);
    expect(sitePaths).toEqual(inOrder);
  });
});
