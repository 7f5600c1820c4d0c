// `yearbook dev` through real HTTP: start it, edit a file, see the change; break a file, see the
// error; fix it, see the page again.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { copyProject, startDev, waitFor, type DevProcess } from '../support/dev.ts';

let dev: DevProcess;
let content: string;
let templates: string;
let chapterFile: string;
let original: string;

beforeAll(async () => {
  ({ content, templates } = copyProject());
  chapterFile = path.join(content, '2020', 'zuzhi-gongzuo.md');
  original = readFileSync(chapterFile, 'utf8');
  writeFileSync(path.join(content, '2020', 'xuanchuan.md'), '---\ntitle: 宣传工作\ncategory: 政治\norder: 2\ndraft: true\n---\n\n## 宣传工作概况\n');
  dev = await startDev(['--content', content, '--templates', templates]);
});

afterAll(async () => {
  await dev?.stop();
});

async function get(pathname: string) {
  const response = await fetch(new URL(pathname, dev.url), { redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type'), location: response.headers.get('location'), text: await response.text() };
}

/** Waits until the page at `pathname` satisfies `test`. */
function waitForPage(pathname: string, test: (page: { status: number; text: string }) => boolean, what: string) {
  return waitFor(async () => {
    const page = await get(pathname);
    return test(page) ? page : undefined;
  }, what);
}

/** Reads server-sent events from the events endpoint, one `version` at a time. */
async function openEvents() {
  const controller = new AbortController();
  const response = await fetch(new URL('__yearbook/events', dev.url), { signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<string> {
      for (;;) {
        const match = /event: version\ndata: (\S+)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return match[1]!;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buffer += value;
      }
    },
    close: () => controller.abort(),
  };
}

describe('yearbook dev', () => {
  it('prints its address on 127.0.0.1 and serves the site from memory, drafts included and marked', async () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.type).toBe('text/html; charset=utf-8');
    expect(home.text).toContain('<html lang="zh-CN">');
    expect((await get('/assets/site.css')).type).toBe('text/css; charset=utf-8');
    expect((await get('/2020')).location).toBe('/2020/');
    const volume = await get('/2020/');
    expect(volume.text).toMatch(/宣传工作<\/a> <span class="badge">草稿<\/span>/);
    const draft = await get('/2020/xuanchuan/');
    expect(draft.status).toBe(200);
    expect(draft.text).toContain('草稿 · 尚未发布');
    // The Traditional edition and the search index are served as `build` writes them.
    expect((await get('/hant/2020/zuzhi-gongzuo/')).text).toContain('組織工作');
    const search = await get('/pagefind/pagefind.js');
    expect([search.status, search.type]).toEqual([200, 'text/javascript; charset=utf-8']);
    const missing = await get('/2020/nothing-here/');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('找不到页面');
  });

  it('adds the reload script to pages, and only to pages', async () => {
    const page = await get('/2020/zuzhi-gongzuo/');
    expect(page.text).toMatch(/<script src="\/__yearbook\/reload\.js" data-version="[\w-]+"><\/script>\n<\/body>/);
    expect((await get('/assets/site.css')).text).not.toContain('__yearbook');
    const script = await get('/__yearbook/reload.js');
    expect(script.type).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain("new EventSource(\"/__yearbook/events\")");
  });

  it('rebuilds an edited chapter: only that chapter is parsed, only the pages that show it are rendered, open pages are told', async () => {
    const events = await openEvents();
    try {
      const before = await events.next();
      writeFileSync(chapterFile, original.replace('研究制定市委党的建设工作领导小组工作要点', '研究制定并印发市委党的建设工作领导小组工作要点'));
      const page = await waitForPage('/2020/zuzhi-gongzuo/', (p) => p.text.includes('研究制定并印发'), 'the edited text');
      expect(page.status).toBe(200);
      expect(await events.next()).not.toBe(before);
      // Only the edited chapter is parsed again, and only the pages that show its text are rendered
      // again (not the home and volume pages, which list titles and counts).
      const summary = await waitFor(async () => /(\d+) chapters? parsed, (\d+) of (\d+) pages rendered[^\n]*\n$/.exec(dev.log()) ?? undefined, 'the rebuild summary');
      const [parsed, rendered, pages] = summary.slice(1).map(Number);
      expect(parsed).toBe(1);
      expect(rendered).toBeGreaterThanOrEqual(1);
      expect(rendered).toBeLessThan(pages! / 2);
    } finally {
      events.close();
    }
  });

  it('shows a content error with file, line and column in plain Chinese, and recovers when the file is fixed', async () => {
    // A misspelt field name, as an editor might type it.
    writeFileSync(chapterFile, original.replace('title: 组织工作', 'titel: 组织工作'));
    const broken = await waitForPage('/2020/zuzhi-gongzuo/', (p) => p.status === 500, 'the error page');
    expect(broken.text).toContain('<html lang="zh-CN">');
    expect(broken.text).toContain('<h1>内容有错误，请修改后保存</h1>');
    expect(broken.text).toMatch(/<code>[^<]*content\/2020\/zuzhi-gongzuo\.md:2:1<\/code> 未知字段 titel \(unknown field &#34;titel&#34;; did you mean &#34;title&#34;\?\)/);
    expect(broken.text).toContain('/__yearbook/reload.js');
    // Every page shows the errors, not only the broken chapter; the server keeps running.
    expect((await get('/')).status).toBe(500);
    expect(dev.log()).toMatch(/zuzhi-gongzuo\.md:2:1 未知字段 titel/);

    writeFileSync(chapterFile, original);
    const fixed = await waitForPage('/2020/zuzhi-gongzuo/', (p) => p.status === 200, 'the fixed page');
    expect(fixed.text).toContain('<h1>组织工作</h1>');
    expect(fixed.text).not.toContain('研究制定并印发');
  });

  it('rebuilds every page when a template changes, and shows a template error', async () => {
    const layout = path.join(templates, 'layout.liquid');
    const layoutText = readFileSync(layout, 'utf8');
    writeFileSync(layout, layoutText.replace('· 网络版', '· 网络版(预览)'));
    await waitForPage('/', (p) => p.text.includes('· 网络版(预览)'), 'the new footer');
    expect((await get('/2020/zuzhi-gongzuo/')).text).toContain('· 网络版(预览)');

    writeFileSync(layout, layoutText.replace('{% block content %}{% endblock %}', '{% block content %}'));
    const broken = await waitForPage('/', (p) => p.status === 500, 'the template error');
    expect(broken.text).toMatch(/<code>[^<]*templates\/layout\.liquid:\d+:\d+<\/code> 模板错误 \(template error: tag \{% block content %\} not closed\)/);
    writeFileSync(layout, layoutText);
    await waitForPage('/', (p) => p.status === 200 && !p.text.includes('(预览)'), 'the restored layout');
  });

  it('says so when the port is taken, and refuses a port that is not a number', () => {
    const port = new URL(dev.url).port;
    const taken = runCli(['dev', '--content', content, '--port', port]);
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain(`端口 ${port} 已被占用`);
    const bad = runCli(['dev', '--content', content, '--port', 'eighty']);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/--port takes a number/)]);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await dev.stop()).toBe(0);
    expect(dev.log()).toMatch(/yearbook dev: stopped/);
  });
});
