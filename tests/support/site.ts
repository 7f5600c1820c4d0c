// Builds a site once for a test file (through the CLI, as a user builds it) and tells what is in it:
// every file, every HTML page, and one page of each kind, found from the file tree so that pages
// added later are covered without editing the tests.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DomUtils, parseDocument } from 'htmlparser2';
import { checkContent } from '../../src/build.ts';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { ROOT, runCli } from './cli.ts';
import { serveStatic, type StaticServer } from './server.ts';

export interface BuiltSite {
  /** The content folder it was built from. */
  content: string;
  /** The output folder. */
  out: string;
  /** Every output file, relative to `out`, with forward slashes, sorted. */
  files: string[];
  /** The .html files among them. */
  html: string[];
}

export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/** Runs `yearbook build` on a content folder (default: the real content/) into a fresh folder. */
export function buildSite(options: { content?: string; drafts?: boolean } = {}): BuiltSite {
  const content = options.content ?? path.join(ROOT, 'content');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-quality-')), 'site');
  const args = ['build', '--out', out, '--content', content];
  if (options.drafts) args.push('--drafts');
  const result = runCli(args);
  if (result.status !== 0) throw new Error(`yearbook build failed (exit ${result.status}):\n${result.stderr}`);
  const files = listFiles(out);
  return { content, out, files, html: files.filter((f) => f.endsWith('.html')) };
}

/**
 * The real content plus a second chapter that is a draft and the target of the seed's see-stub,
 * so that the pages also show a draft badge, a resolved cross-reference and the previous/next links.
 */
export function buildSiteWithDrafts(): BuiltSite {
  const content = path.join(mkdtempSync(path.join(tmpdir(), 'yearbook-drafts-')), 'content');
  cpSync(path.join(ROOT, 'content'), content, { recursive: true });
  writeFileSync(
    path.join(content, '2020', 'zhengzhi-jianshe.md'),
    `---
title: 政治建设
category: 市情概览
author: [张三, 李四]
draft: true
---

## 政治建设概况

2019年,中山市加强政治建设。**本段加粗**不是子条目。

**理论学习** 全年开展专题学习12次。

> 引用的一段话。

- 列表第一项
- 列表第二项
`,
  );
  return buildSite({ content, drafts: true });
}

/**
 * The kind of a page: its path with editions (folders of digits) and chapter slugs generalised,
 * e.g. "2020/zuzhi-gongzuo/index.html" → "<edition>/<chapter>/index.html". Any other folder (a
 * glossary, a Traditional edition, a search page) keeps its name and so is a kind of its own.
 */
export function pageKind(file: string, slugs: ReadonlySet<string>): string {
  const parts = file.split('/');
  return parts
    .map((part, i) => (i === parts.length - 1 ? part : /^\d+$/.test(part) ? '<edition>' : slugs.has(part) ? '<chapter>' : part))
    .join('/');
}

/** The slugs of every chapter in a content folder (drafts too). */
export async function chapterSlugs(content = path.join(ROOT, 'content')): Promise<Set<string>> {
  const { site } = await checkContent(content);
  return new Set(site.volumes.flatMap((v) => v.chapters.map((c) => c.record.slug)));
}

/** One page of each kind (the first in path order), keyed by kind. */
export function pagesByKind(html: string[], slugs: ReadonlySet<string>): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const file of html) {
    const kind = pageKind(file, slugs);
    if (!kinds.has(kind)) kinds.set(kind, file);
  }
  return kinds;
}

/** The chapter pages of a built site in each script: the first chapter page of each kind. */
export async function chapterPages(out: string, content = path.join(ROOT, 'content')): Promise<string[]> {
  const kinds = pagesByKind(listFiles(out).filter((f) => f.endsWith('.html')), await chapterSlugs(content));
  return [...kinds].filter(([kind]) => /(^|\/)<edition>\/<chapter>\/index\.html$/.test(kind)).map(([, file]) => file).sort();
}

/**
 * What a page weighs compressed (gzip -9) with the stylesheets it links, in bytes: what a reader
 * downloads before the page can be shown (its one script is a module, which does not hold it up).
 */
export function compressedWeight(out: string, page: string): { html: number; stylesheets: [string, number][]; total: number } {
  const source = readFileSync(path.join(out, page));
  const links = DomUtils.getElementsByTagName('link', parseDocument(source.toString('utf8')).children);
  const stylesheets = links
    .filter((link) => (link.attribs.rel ?? '').split(/\s+/).includes('stylesheet'))
    .map((link): [string, number] => {
      const file = path.posix.join(path.posix.dirname(page), link.attribs.href ?? '');
      return [file, gzipSync(readFileSync(path.join(out, file)), { level: 9 }).length];
    });
  const html = gzipSync(source, { level: 9 }).length;
  return { html, stylesheets, total: html + stylesheets.reduce((sum, [, size]) => sum + size, 0) };
}

export interface ServedSite {
  /** The output folder. */
  out: string;
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The real content built, served on 127.0.0.1, with Chromium to read it. */
export async function buildAndServe(): Promise<ServedSite> {
  const { out } = buildSite();
  const server = await serveStatic(out);
  const browser = await launchBrowser();
  return {
    out,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export interface OpenSite extends ServedSite {
  /** A page in a fresh browser context. */
  page: Page;
}

/** The real site, built, served, with a page open to read it. */
export async function openBuiltSite(): Promise<OpenSite> {
  const site = await buildAndServe();
  const page = await (await site.browser.newContext()).newPage();
  return { ...site, page };
}
