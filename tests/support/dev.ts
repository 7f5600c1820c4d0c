// Starts `yearbook dev` as a user does (a separate process) and waits for the address it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.ts';

export interface DevProcess {
  url: string;
  /** Everything printed to stderr so far. */
  log(): string;
  /** SIGTERM, then the exit code (null if it had to be killed). */
  stop(): Promise<number | null>;
}

/** A copy of the real content/ (and templates/) to edit in a test. */
export function copyProject(): { content: string; templates: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'yearbook-dev-'));
  cpSync(path.join(ROOT, 'content'), path.join(root, 'content'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(root, 'templates'), { recursive: true });
  return { content: path.join(root, 'content'), templates: path.join(root, 'templates') };
}

export async function startDev(args: string[], timeoutMs = 30_000): Promise<DevProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'src', 'bin', 'yearbook.js'), 'dev', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`yearbook dev printed no address in ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
    const look = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
      if (match) {
        clearTimeout(deadline);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(deadline);
      reject(new Error(`yearbook dev exited with ${code}:\n${stderr}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { url, log: () => stderr, stop };
}

/** Polls until `check` returns a value (not undefined), at most `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}
