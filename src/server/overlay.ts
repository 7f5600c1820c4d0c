// What the dev server adds to pages, and only there (never to `yearbook build` output): a small
// script that reloads the page when the site changes, and the page that lists content errors.
import type { Diagnostic } from '../diagnostics.ts';

/** Everything the dev server serves itself lives under this path, out of the way of the site's pages. */
export const DEV_PREFIX = '/__yearbook/';
export const EVENTS_PATH = `${DEV_PREFIX}events`;
export const RELOAD_SCRIPT_PATH = `${DEV_PREFIX}reload.js`;

/**
 * Listens to the server's events (server-sent events); the server sends the current version when
 * the page connects and after every rebuild. A page whose version is not the current one reloads.
 */
export const RELOAD_SCRIPT = `// yearbook dev: reload this page when the site changes.
(() => {
  const version = document.currentScript.dataset.version;
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('version', (event) => {
    if (event.data !== version) {
      events.close();
      location.reload();
    }
  });
})();
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Adds the reload script to an HTML page, before </body>. */
export function injectReload(html: string, version: string): string {
  const tag = `<script src="${RELOAD_SCRIPT_PATH}" data-version="${escapeHtml(version)}"></script>\n`;
  const at = html.lastIndexOf('</body>');
  return at === -1 ? html + tag : html.slice(0, at) + tag + html.slice(at);
}

/** The page shown instead of the site while the content has errors: each error as file:line:col message. */
export function errorPage(errors: Diagnostic[], version: string): string {
  const items = errors.map((d) => `<li><code>${escapeHtml(`${d.file}:${d.line}:${d.column}`)}</code> ${escapeHtml(d.message)}</li>`).join('\n');
  return injectReload(
    `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>内容有错误 - yearbook dev</title>
<style>
body { font: 16px/1.7 system-ui, "Noto Sans CJK SC", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { color: #a40000; font-size: 1.5rem; }
li { margin: 0.75rem 0; }
code { display: block; font-weight: bold; word-break: break-all; }
</style>
</head>
<body>
<main>
<h1>内容有错误，请修改后保存</h1>
<p>下面列出每个错误所在的文件、行号和列号。改好并保存文件后，这个页面会自动刷新。</p>
<p lang="en">The content has errors (file:line:column). Fix them and save: this page reloads by itself.</p>
<ol class="errors">
${items}
</ol>
</main>
</body>
</html>
`,
    version,
  );
}
