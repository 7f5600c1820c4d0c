// Global setup: the tests need Debian's Chromium and CJK fonts (and a Java runtime for the HTML
// checker). On a Debian machine as root they are installed when missing, so `npm test` is all a
// newcomer runs; elsewhere the setup stops and prints the exact command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const REQUIRED = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'fonts-noto-cjk', present: () => dpkgHas('fonts-noto-cjk') },
  { pkg: 'default-jre-headless', present: () => hasJava() },
  // GNU time: peak memory of each build in `npm run bench`.
  { pkg: 'time', present: () => existsSync('/usr/bin/time') },
];

function dpkgHas(pkg: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).includes('install ok installed');
  } catch {
    return false;
  }
}

function hasJava(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export default function setup(): void {
  const missing = REQUIRED.filter((r) => !r.present()).map((r) => r.pkg);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(`The tests need ${missing.join(', ')}. Install them first:\n\n  sudo ${command}\n`);
  }
  process.stderr.write(`tests: installing ${missing.join(', ')} (${command})\n`);
  execFileSync('sh', ['-c', `${command} >/dev/null`], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
