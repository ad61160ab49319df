import { ipcMain, type IpcMainEvent, type WebContents } from 'electron';
import { isAppUrl } from './security.js';

/** Who may call main over IPC: the top frame of one of our windows, showing our own page. */
export interface SenderPolicy {
  isOurWindow(contents: WebContents): boolean;
  readonly appUrlPrefix: string;
}

/**
 * An iframe, a window we did not open, or one of ours navigated elsewhere (e.g. by a bug in
 * the page) must not be able to quit the app or get a port to the engine and its transcripts.
 */
export function isTrustedSender(event: Pick<IpcMainEvent, 'sender' | 'senderFrame'>, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // Destroyed, or not the top frame.
  return policy.isOurWindow(event.sender) && isAppUrl(frame.url, policy.appUrlPrefix);
}

/** ipcMain.on for our own pages only; anything else is dropped and logged (a sync message gets null). */
export function onTrustedIpc(
  channel: string,
  policy: SenderPolicy,
  listener: (event: IpcMainEvent, ...args: unknown[]) => void,
  options: { sync?: boolean } = {},
): void {
  ipcMain.on(channel, (event, ...args: unknown[]) => {
    if (isTrustedSender(event, policy)) {
      listener(event, ...args);
      return;
    }
    if (options.sync) event.returnValue = null; // A sync caller would otherwise wait forever.
    console.warn(`devlog: refused IPC ${channel} from ${event.senderFrame?.url ?? 'a frame that is gone'}`);
  });
}
