import fs from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

/** DEVLOG_HOME/daemon.json: how CLI one-shots find the running engine. Advisory; the lock is the truth. */
const DaemonInfoSchema = z.object({
  pid: z.number().int(),
  port: z.number().int().nullable(),
  url: z.string().nullable(),
  startedAt: z.string(),
});
export type DaemonInfo = z.infer<typeof DaemonInfoSchema>;

export function writeDaemonInfo(file: string, info: DaemonInfo): void {
  writeFileAtomic.sync(file, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
}

export function readDaemonInfo(file: string): DaemonInfo | undefined {
  try {
    const parsed = DaemonInfoSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function removeDaemonInfo(file: string, pid: number): void {
  if (readDaemonInfo(file)?.pid === pid) fs.rmSync(file, { force: true });
}
