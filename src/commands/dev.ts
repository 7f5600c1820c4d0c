import { existsSync } from 'node:fs';
import path from 'node:path';
import { startDevServer } from '../server/server.ts';
import { resolveTemplates } from './build.ts';
import { parseCommandArgs, UsageError, type Command } from './command.ts';

export const devCommand: Command = {
  name: 'dev',
  summary: 'preview the site while editing (live reload, drafts shown)',
  help: `Usage: yearbook dev [--content DIR] [--templates DIR] [--port N]

Serves the site on this computer (127.0.0.1) and prints its address. Open it in a browser:
every time a chapter, volume.yml or template is saved, the site is rebuilt (only what changed)
and open pages reload by themselves. Drafts are shown, marked 草稿.
When the content has an error, pages show the error with its file and line instead; once the
file is fixed and saved, the pages come back. Nothing is written to disk. Stop with Ctrl+C.

Options:
  --content DIR     content folder (default: content)
  --templates DIR   templates folder (default: templates, or the built-in templates)
  --port N          port to listen on (default: 0, any free port)
  -h, --help        show this help`,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      content: { type: 'string', default: 'content' },
      templates: { type: 'string' },
      port: { type: 'string', default: '0' },
    });
    if (values.help) {
      process.stdout.write(`${this.help}\n`);
      return 0;
    }
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port!) || port > 65535) throw new UsageError(`--port takes a number from 0 to 65535, not "${values.port}"`);
    const contentDir = path.resolve(values.content!);
    if (!existsSync(contentDir)) throw new UsageError(`content folder not found: ${values.content}`);

    let server;
    try {
      server = await startDevServer({
        contentDir,
        templatesDir: resolveTemplates(values.templates),
        port,
        log: (line) => process.stderr.write(`${line}\n`),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        process.stderr.write(`yearbook dev: 端口 ${port} 已被占用，请换一个端口，或不写 --port (port ${port} is in use: choose another, or leave --port out)\n`);
        return 1;
      }
      throw error;
    }
    process.stdout.write(`yearbook dev: 预览地址 (preview at) ${server.url}\n`);
    process.stderr.write('yearbook dev: 按 Ctrl+C 停止 (press Ctrl+C to stop)\n');
    await new Promise<void>((resolve) => {
      const onSignal = () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await server.close();
    process.stderr.write('yearbook dev: stopped\n');
    return 0;
  },
};
