import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli-process.js';

/**
 * The agents' real sample files live in ../shared/fixtures (not copied here: several have no
 * licence). CI has the folder, so there a missing folder fails the suites; on a developer's
 * machine without it they say so and skip.
 */
export const SHARED_FIXTURES = process.env.DEVLOG_SHARED_FIXTURES ?? path.resolve(REPO_ROOT, '..', 'shared', 'fixtures');

export function sharedFixturesAvailable(): boolean {
  const ok = fs.existsSync(SHARED_FIXTURES);
  if (!ok && process.env.CI) throw new Error(`shared fixtures missing in CI: ${SHARED_FIXTURES} (set DEVLOG_SHARED_FIXTURES or place shared/ beside the checkout)`);
  if (!ok) console.warn(`conformance suite skipped: ${SHARED_FIXTURES} not found (set DEVLOG_SHARED_FIXTURES to the shared fixtures folder)`);
  return ok;
}

/** Every file under shared/fixtures/<agent>, recursively, as absolute paths. */
export function sharedFixtureFiles(agentFolder: string): string[] {
  const dir = path.join(SHARED_FIXTURES, agentFolder);
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
