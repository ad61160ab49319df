import fs from 'node:fs/promises';
import path from 'node:path';
import { TEMP_SUFFIX } from './layout.js';

/**
 * Puts `data` at `file` so that a crash or power loss leaves either nothing or the whole file:
 * written under a temp name created with O_EXCL (two writers can never share it), fsync'd,
 * renamed into place, then the directory fsync'd so the rename itself survives a power loss.
 * (write-file-atomic does not fsync the directory nor refuse an existing temp file.)
 * `replace: false` refuses to overwrite an existing file: a segment is written once, ever.
 */
export async function writeDurably(file: string, data: Buffer, opts: { replace: boolean }): Promise<void> {
  const temp = file + TEMP_SUFFIX;
  // Owner-only: segments hold transcripts (the share's own rules apply on top).
  const handle = await fs.open(temp, 'wx', 0o600);
  let renamed = false;
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!opts.replace && (await exists(file))) throw Object.assign(new Error(`${file} already exists`), { code: 'EEXIST' });
    await fs.rename(temp, file);
    renamed = true;
    await syncDirectory(path.dirname(file));
  } finally {
    if (!renamed) await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Makes a rename or removal in `dir` durable. Windows cannot open directories; some network file systems refuse fsync on them. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw err;
  } finally {
    await handle.close();
  }
}
