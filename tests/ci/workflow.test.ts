// The GitHub Actions workflow: valid YAML that runs what a newcomer runs, and publishes only from main.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/cli.ts';
import { REQUIRED } from '../setup/system-packages.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/site.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
const build = workflow.jobs.build!;
const runs = build.steps.flatMap((s) => (s.run ? [s.run] : []));
const action = (job: Job, name: string) => job.steps.find((s) => s.uses?.startsWith(`${name}@`));
const MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'";

describe('.github/workflows/site.yml', () => {
  it('runs on every push and pull request', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it("runs the README's two commands, in order, after installing the system packages the tests need", () => {
    const install = runs.findIndex((r) => r.includes('apt-get install'));
    const first = runs.indexOf('npm ci && npm run build');
    const second = runs.indexOf('npm test');
    expect(install).toBeGreaterThanOrEqual(0);
    expect(first).toBeGreaterThan(install);
    expect(second).toBeGreaterThan(first);
    for (const { pkg } of REQUIRED) expect(runs[install]).toMatch(new RegExp(`\\b${pkg}\\b`));
  });

  it('calls only npm scripts that package.json has', () => {
    const called = runs.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    expect(called.length).toBeGreaterThan(0);
    for (const name of called) expect(scripts, `npm run ${name}`).toHaveProperty(name);
    expect(scripts.test).toMatch(/vitest run/);
  });

  it('caches npm packages and system packages', () => {
    expect(action(build, 'actions/setup-node')?.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    expect(String(action(build, 'actions/cache')?.with?.path)).toMatch(/apt\/archives/);
  });

  it('publishes dist/ to GitHub Pages from main only', () => {
    const upload = action(build, 'actions/upload-pages-artifact')!;
    expect(upload.with?.path).toBe('dist/');
    expect(upload.if).toBe(MAIN_PUSH);
    const deploy = workflow.jobs.deploy!;
    expect(deploy.needs).toBe('build');
    expect(deploy.if).toBe(MAIN_PUSH);
    expect(deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(action(deploy, 'actions/deploy-pages')).toBeDefined();
  });
});
