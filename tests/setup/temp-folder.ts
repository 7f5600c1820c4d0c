// Global setup: every test run gets a temporary folder of its own (TMPDIR, which os.tmpdir() and
// the programs the tests start read), removed when the run ends. The tests make sites, caches and
// browser profiles there, many megabytes each; left in /tmp they would pile up run after run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(path.join(tmpdir(), 'yearbook-tests-'));
  // Set before the test processes start, which inherit it.
  process.env.TMPDIR = folder;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (!process.env.YEARBOOK_KEEP_TEST_FILES) rmSync(folder, { recursive: true, force: true });
  };
}
