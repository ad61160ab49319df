import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where things live in a folder remote:
 *   <folder>/devlog/<machineId>/manifest.json
 *   <folder>/devlog/<machineId>/seg-000000000001.dlseg, seg-000000000002.dlseg, ...
 * Each machine writes only below its own id, so sync tools (Dropbox, Syncthing) never see two
 * machines edit the same file.
 */
export const ROOT_DIR = 'devlog';
export const MANIFEST_FILE = 'manifest.json';
/** Written under a temp name first; readers ignore it, the next writer removes what a crash left. */
export const TEMP_SUFFIX = '.tmp';

const SEGMENT_DIGITS = 12;
const SEGMENT_NAME = /^seg-(\d{12})\.dlseg$/;
/** Machine ids are UUIDs today; anything safe as one path component is accepted. */
const MACHINE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function segmentName(sequence: number): string {
  return `seg-${String(sequence).padStart(SEGMENT_DIGITS, '0')}.dlseg`;
}

/** The sequence a segment file name stands for, or undefined for any other name. */
export function segmentSequence(name: string): number | undefined {
  const m = SEGMENT_NAME.exec(name);
  return m ? Number(m[1]) : undefined;
}

export function isValidMachineId(id: string): boolean {
  return MACHINE_ID.test(id) && id !== '.' && id !== '..';
}

export function machineDir(folder: string, machineId: string): string {
  if (!isValidMachineId(machineId)) throw new Error(`machine id "${machineId}" cannot name a folder (letters, digits, ".", "_", "-")`);
  return path.join(folder, ROOT_DIR, machineId);
}

/** `file:///mnt/nas/devlog` → `/mnt/nas/devlog`; anything but a file URL is refused in words. */
export function folderFromUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL (a folder remote is file:///path/to/folder)`);
  }
  if (parsed.protocol !== 'file:') throw new Error(`"${url}" is not a file:/// URL`);
  return fileURLToPath(parsed);
}
