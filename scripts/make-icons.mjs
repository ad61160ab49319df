// Draws the tray icons (one per state, 1x and @2x) as PNGs into resources/tray.
// Run once after changing the design: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const STATES = {
  'first-run': [59, 109, 242],
  synced: [31, 157, 87],
  syncing: [59, 109, 242],
  paused: [201, 138, 0],
  offline: [128, 134, 150],
  error: [208, 52, 58],
};

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A ring with a state-coloured centre: a "log" dot that reads at 16 px. */
function icon(size, [r, g, b], state) {
  const rows = [];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c) / (size / 2);
      let a = 0;
      if (d <= 0.95 && d >= 0.72) a = 255;
      else if (d < 0.5) a = 255;
      if (state === 'paused' && d < 0.5 && Math.abs(x - c) < size * 0.06) a = 0;
      if (state === 'syncing' && d < 0.5 && y > c) a = 140;
      row.push(r, g, b, a);
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [state, rgb] of Object.entries(STATES)) {
  writeFileSync(new URL(`../resources/tray/tray-${state}.png`, import.meta.url), icon(16, rgb, state));
  writeFileSync(new URL(`../resources/tray/tray-${state}@2x.png`, import.meta.url), icon(32, rgb, state));
}
writeFileSync(new URL('../resources/icon.png', import.meta.url), icon(512, [59, 109, 242], 'synced'));
