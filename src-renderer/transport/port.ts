import type { Transport } from '../../src-shared/rpc/transport.js';
import { fromDomMessagePort } from '../../src-shared/rpc/transports/message-port.js';
import { PORT_MESSAGE_TYPE, type DesktopApi } from '../desktop-api.js';

/** Desktop: ask main for a port to the worker and wait for the preload to hand it over. */
export function connectPort(api: DesktopApi): Promise<Transport> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      // Only the preload of this very window may hand us a port.
      if (event.source !== window || (event.data as { type?: string })?.type !== PORT_MESSAGE_TYPE) return;
      const port = event.ports[0];
      if (!port) return;
      window.removeEventListener('message', onMessage);
      resolve(fromDomMessagePort(port));
    };
    window.addEventListener('message', onMessage);
    api.requestPort();
  });
}
