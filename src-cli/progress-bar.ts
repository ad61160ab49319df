import type { ScanProgress } from '../src-shared/contract/index.js';
import { formatBytes } from './format.js';

/** One self-rewriting line on a TTY; nothing at all when output is piped or --json. */
export class ProgressBar {
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(p: ScanProgress): void {
    if (!this.enabled || p.phase !== 'scanning' || p.bytesTotal === 0) return;
    const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 60));
    const ratio = Math.min(1, p.bytesDone / p.bytesTotal);
    const filled = Math.round(ratio * width);
    const eta = p.etaSeconds === null ? '' : ` ETA ${Math.ceil(p.etaSeconds)}s`;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${p.filesDone}/${p.filesTotal} files ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)} ${formatBytes(p.bytesPerSecond)}/s${eta}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
