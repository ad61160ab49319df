import { ExportError } from '../sink.js';

/**
 * A file system failure in words the remotes page can show, as an ExportError the exporter acts
 * on: a missing folder may come back (an unmounted NAS, a USB disk): `offline`, retried with
 * backoff; a full disk or a permission problem needs the user: `local`.
 */
export function fsExportError(err: unknown, file: string, doing: string): ExportError {
  if (err instanceof ExportError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ExportError(`the disk holding ${file} is full (${doing})`, 'local');
    case 'EACCES':
    case 'EPERM':
      return new ExportError(`permission denied ${doing} ${file}`, 'local');
    case 'EROFS':
      return new ExportError(`${file} is on a read-only file system (${doing})`, 'local');
    case 'ENOTDIR':
      return new ExportError(`part of ${file} is a file, not a folder (${doing})`, 'local');
    case 'ENOENT':
      return new ExportError(`${file} does not exist (${doing}); is the folder's disk or share mounted?`, 'offline');
    case 'EIO':
    case 'ETIMEDOUT':
    case 'EHOSTDOWN':
    case 'ESTALE':
      return new ExportError(`${file} cannot be reached (${code} while ${doing}); is the share online?`, 'offline');
    default:
      return new ExportError(`${doing} ${file} failed: ${(err as Error).message ?? String(err)}`, 'local');
  }
}
