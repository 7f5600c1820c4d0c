// Every HTML file of the built site is valid HTML by the Nu Html Checker (vnu.jar, npm vnu-jar),
// checked in one Java process (it takes a few seconds to start).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, buildSiteWithDrafts, type BuiltSite } from '../support/site.ts';

const VNU_JAR = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  lastLine?: number;
  firstColumn?: number;
  message: string;
}

/** Runs vnu over the files; returns its error messages as `file:line:col message`. */
async function vnuErrors(files: string[]): Promise<string[]> {
  // vnu exits 1 when it finds errors; its report is on stderr either way.
  const result = await promisify(execFile)('java', ['-jar', VNU_JAR, '--format', 'json', '--errors-only', ...files], { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout: string; stderr: string; code: number }) => error,
  );
  const report = JSON.parse(result.stderr) as { messages: VnuMessage[] };
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
    .map((m) => `${decodeURIComponent(m.url.replace(/^file:/, ''))}:${m.lastLine ?? 0}:${m.firstColumn ?? 0} ${m.message}`);
}

let sites: BuiltSite[];

beforeAll(() => {
  sites = [buildSite(), buildSiteWithDrafts()];
});

describe('the Nu Html Checker', () => {
  it('finds no error in any HTML file of the site (content/, and with a draft chapter)', async () => {
    const files = sites.flatMap((site) => site.html.map((f) => path.join(site.out, f)));
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(await vnuErrors(files)).toEqual([]);
  });

  it('does report errors, so that a clean result means something', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-vnu-')), 'bad.html');
    writeFileSync(file, '<!doctype html><html lang="zh-CN"><head><title>x</title></head><body><p id="a">1</p><p id="a">2</p><div><span></div></body></html>');
    const errors = await vnuErrors([file]);
    expect(errors.some((e) => e.startsWith(`${file}:1:`) && /Duplicate ID/.test(e))).toBe(true);
  });
});
