import net from 'node:net';

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * The web UI and the engine's RPC are for this machine only: `--host` may name a loopback
 * address (127.0.0.0/8, ::1, localhost), never 0.0.0.0 or a LAN address.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost') return true;
  const family = net.isIP(name);
  if (family === 4) return LOOPBACK.check(name, 'ipv4');
  if (family === 6) return LOOPBACK.check(name, 'ipv6');
  return false;
}
