// The preview server of `yearbook dev`: serves the site from memory on 127.0.0.1, rebuilds when
// content or templates change, and tells open pages to reload (server-sent events).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { formatDiagnostic } from '../diagnostics.ts';
import { SEARCH_FOLDER } from '../pages/search.ts';
import { contentTypeOf } from './content-type.ts';
import { DevSite, type RebuildReport } from './dev-site.ts';
import { errorPage, EVENTS_PATH, injectReload, RELOAD_SCRIPT, RELOAD_SCRIPT_PATH } from './overlay.ts';
import { watchFolders, type Change } from './watch.ts';

export interface DevServerOptions {
  contentDir: string;
  templatesDir: string;
  /** 0: any free port. */
  port: number;
  /** One line at a time, for the terminal. */
  log: (line: string) => void;
}

export interface DevServer {
  url: string;
  close(): Promise<void>;
}

const HTML = contentTypeOf('index.html');

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const contentDir = path.resolve(options.contentDir);
  const templatesDir = path.resolve(options.templatesDir);
  const site = new DevSite(contentDir, templatesDir);
  const clients = new Set<ServerResponse>();

  let lastWarnings = '';
  const describe = (report: RebuildReport) => {
    const { state } = report;
    for (const d of state.errors) options.log(formatDiagnostic(d));
    // Warnings are repeated only when they change, so that the terminal stays readable.
    const warnings = state.warnings.map(formatDiagnostic).join('\n');
    if (warnings !== lastWarnings) for (const line of state.warnings.map(formatDiagnostic)) options.log(line);
    lastWarnings = warnings;
    const what = state.errors.length > 0
      ? `${state.errors.length} 个错误，页面显示错误清单 (${state.errors.length} error${state.errors.length === 1 ? '' : 's'}: pages show them until fixed)`
      : `${report.chaptersParsed} chapter${report.chaptersParsed === 1 ? '' : 's'} parsed, ${report.pagesRendered} of ${report.pages} pages rendered${state.warnings.length ? `, ${state.warnings.length} 个警告 (warnings)` : ''}`;
    options.log(`yearbook dev: built in ${Math.round(report.milliseconds)} ms: ${what}`);
  };

  // One rebuild at a time; changes that arrive meanwhile are collected for the next one.
  let building: Promise<void> | null = null;
  let queued: Change[] = [];
  const rebuild = (changes: Change[]) => {
    queued.push(...changes);
    building ??= (async () => {
      try {
        while (queued.length > 0) {
          const batch = queued;
          queued = [];
          const report = await site.rebuild(batch.some((c) => c.root === templatesDir));
          describe(report);
          if (report.changed) broadcast(report.state.version);
        }
      } finally {
        building = null;
      }
    })();
  };

  function broadcast(version: string) {
    for (const client of clients) client.write(`event: version\ndata: ${version}\n\n`);
  }

  // Requests wait for the first build (a tab left open from an earlier run reconnects at once).
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const server = createServer((req, res) => {
    ready
      .then(() => handle(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(String(error));
      });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { state } = site;
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`retry: 500\nevent: version\ndata: ${state.version}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === RELOAD_SCRIPT_PATH) {
      send(res, req, 200, contentTypeOf(RELOAD_SCRIPT_PATH), RELOAD_SCRIPT);
      return;
    }
    let file: string;
    try {
      file = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      send(res, req, 400, 'text/plain; charset=utf-8', 'bad address');
      return;
    }
    if (file === '' || file.endsWith('/')) file += 'index.html';
    else if (state.files.has(`${file}/index.html`)) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    // A page, or an address without an extension (which would be the 404 page).
    const isPage = file.endsWith('.html') || path.extname(file) === '';
    if (isPage && state.errors.length > 0) {
      send(res, req, 500, HTML, errorPage(state.errors, state.version));
      return;
    }
    const content = file.startsWith(SEARCH_FOLDER) ? (await site.searchFiles()).get(file) : state.files.get(file);
    if (content === undefined) {
      const notFound = state.files.get('404.html');
      send(res, req, 404, HTML, notFound === undefined ? '<!doctype html><title>404</title>' : injectReload(String(notFound), state.version));
      return;
    }
    send(res, req, 200, contentTypeOf(file), isPage ? injectReload(String(content), state.version) : content);
  }

  // Listen first, so that a port in use is reported before any work is done.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  // Watch first, then build: a file saved during the first build is built again right after.
  const watcher = watchFolders([contentDir, templatesDir], rebuild);
  rebuild([{ root: templatesDir, file: '' }]);
  await building;
  markReady();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // Keeps idle event streams from timing out.
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 15_000);

  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      clearInterval(heartbeat);
      watcher.close();
      for (const client of clients) client.end();
      clients.clear();
      await building;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string | Uint8Array) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
