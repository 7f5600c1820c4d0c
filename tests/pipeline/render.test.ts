// The renderer: templates escape by default, fail on typos, and name the template in errors.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/build.ts';
import { BuildError } from '../../src/diagnostics.ts';
import { Renderer, resolveFile, type RenderMemo } from '../../src/pipeline/render.ts';
import { SIMPLIFIED, TRADITIONAL } from '../../src/pipeline/traditional.ts';

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
