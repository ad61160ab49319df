import { IDLE_PROGRESS, type ScanProgress } from '../../src-shared/contract/index.js';

/** Files and bytes done of total during the history scan, with rate and ETA. */
export class ProgressTracker {
  private p: ScanProgress = { ...IDLE_PROGRESS };
  private startedAt = 0;

  begin(filesTotal: number, bytesTotal: number): void {
    this.startedAt = Date.now();
    this.p = { ...IDLE_PROGRESS, phase: 'scanning', filesTotal, bytesTotal };
  }

  addBytes(bytes: number): void {
    if (this.p.phase !== 'scanning') return;
    this.p.bytesDone = Math.min(this.p.bytesTotal, this.p.bytesDone + bytes);
  }

  fileDone(records: number): void {
    if (this.p.phase !== 'scanning') return;
    this.p.filesDone++;
    this.p.records += records;
  }

  finish(): void {
    if (this.p.phase === 'scanning') this.p = { ...this.snapshot(), phase: 'done', etaSeconds: 0 };
  }

  snapshot(): ScanProgress {
    if (this.p.phase !== 'scanning') return { ...this.p };
    const seconds = (Date.now() - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.p.bytesDone / seconds : 0;
    const left = this.p.bytesTotal - this.p.bytesDone;
    return { ...this.p, bytesPerSecond: Math.round(rate), etaSeconds: rate > 0 ? left / rate : null };
  }
}
