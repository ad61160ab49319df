import crypto from 'node:crypto';

/**
 * One client-to-server WebSocket frame, built by hand so a test can send frames no client
 * library would: wrong opcodes, reserved bits, lying lengths, unmasked payloads.
 */
export function clientFrame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; masked?: boolean; declaredLength?: number } = {}): Buffer {
  const fin = options.fin ?? true;
  const masked = options.masked ?? true;
  const length = options.declaredLength ?? payload.length;
  const first = (fin ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (opcode & 0x0f);
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([first, (masked ? 0x80 : 0) | length]);
  } else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (masked ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  const mask = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

export const Opcode = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;
