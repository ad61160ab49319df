import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FolderCheck {
  reachable: boolean;
  problem: string | null;
}

/**
 * Can this machine write its segments into the folder remote? Tried for real (a probe file is
 * written and removed): permission bits do not tell about read-only mounts or full disks.
 * A missing folder is a problem, not created here: it is often a drive that is not mounted.
 */
export async function checkFolder(url: string): Promise<FolderCheck> {
  let dir: string;
  try {
    dir = fileURLToPath(url);
  } catch (err) {
    return { reachable: false, problem: `${url} is not a local folder: ${(err as Error).message}` };
  }
  try {
    const stat = await fs.promises.stat(dir);
    if (!stat.isDirectory()) return { reachable: false, problem: `${dir} is not a folder` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { reachable: false, problem: `folder ${dir} does not exist (create it, or mount the drive it is on)` };
    return { reachable: false, problem: `cannot open folder ${dir}: ${code ?? (err as Error).message}` };
  }
  const probe = path.join(dir, `.devlog-write-test-${crypto.randomBytes(6).toString('hex')}`);
  try {
    await fs.promises.writeFile(probe, 'devlog write test\n', { flag: 'wx' });
  } catch (err) {
    return { reachable: true, problem: `cannot write to folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  } finally {
    await fs.promises.rm(probe, { force: true }).catch(() => undefined);
  }
  return { reachable: true, problem: null };
}
