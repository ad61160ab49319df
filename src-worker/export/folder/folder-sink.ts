import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { IngestBatch } from '../../../src-shared/sync-wire.js';
import { ExportError, type ExportSink } from '../sink.js';
import { writeDurably } from './durable-write.js';
import { DEFAULT_SCRYPT, KeyCache, SALT_BYTES, sha256, type FolderKeys } from './folder-crypto.js';
import { fsExportError } from './fs-errors.js';
import { MANIFEST_FILE, machineDir, segmentName, segmentSequence, TEMP_SUFFIX } from './layout.js';
import { checkManifest, FOLDER_FORMAT_VERSION, parseManifest, sealManifest, serializeManifest, type EncryptionParams, type Manifest } from './manifest.js';
import { encodeSegment } from './segment-codec.js';
import { WriterLock } from './writer-lock.js';

export interface FolderSinkOptions {
  /** The remote's folder (from its file:/// URL). It must exist: an unmounted share is not created on the local disk. */
  folder: string;
  machineId: string;
  machineName?: string;
  /** Encrypts segments and authenticates the manifest when given. */
  passphrase?: string;
  /** Where the writer lock lives on this machine (default: the OS temp folder). */
  lockDir?: string;
}

/**
 * A folder remote (a Dropbox, Syncthing or NAS folder): each batch becomes one append-only
 * segment file of this machine, then the machine's manifest lists it. `send` resolves only when
 * both are durably in place, so nothing counts as exported that a crash could take back.
 */
export class FolderSink implements ExportSink {
  readonly dir: string;
  private readonly manifestFile: string;
  private readonly keys = new KeyCache();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: FolderSinkOptions) {
    this.dir = machineDir(opts.folder, opts.machineId);
    this.manifestFile = path.join(this.dir, MANIFEST_FILE);
  }

  send(batch: IngestBatch, signal: AbortSignal): Promise<{ bytes: number }> {
    // One send at a time from this sink; the writer lock does the same across processes.
    const run = this.queue.then(() => this.sendNow(batch, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async check(signal: AbortSignal): Promise<{ authenticatedAs: string | null }> {
    signal.throwIfAborted();
    await this.ensureDir();
    const probe = path.join(this.dir, `.check-${process.pid}-${crypto.randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
    try {
      await fs.writeFile(probe, 'devlog can write here\n', { flag: 'wx', mode: 0o600 });
    } catch (err) {
      throw fsExportError(err, this.dir, 'writing a file in');
    } finally {
      await fs.rm(probe, { force: true }).catch(() => undefined);
    }
    // A wrong passphrase shows in `remote test`, not at the first export.
    await this.keysFor(await this.loadManifest());
    return { authenticatedAs: null };
  }

  private async sendNow(batch: IngestBatch, signal: AbortSignal): Promise<{ bytes: number }> {
    const valid = IngestBatch.safeParse(batch);
    if (!valid.success) throw new ExportError(`the batch is not valid: ${valid.error.issues[0]!.path.join('.')} ${valid.error.issues[0]!.message}`, 'rejected');
    if (batch.machineId !== this.opts.machineId) {
      throw new ExportError(`a batch of machine ${batch.machineId} cannot go into the folder of machine ${this.opts.machineId}`, 'rejected');
    }
    await this.ensureDir();
    const lock = await this.lock(signal);
    try {
      const current = await this.loadManifest();
      const { keys, encryption } = await this.keysFor(current);
      await this.removeLeftovers(current);
      const sequence = (current?.segments.length ?? 0) + 1;
      const createdAt = new Date().toISOString();
      const data = await encodeSegment(batch, { machineId: this.opts.machineId, sequence }, keys?.segmentKey, createdAt);
      const file = path.join(this.dir, segmentName(sequence));
      await writeDurably(file, data, { replace: false }).catch((err: unknown) => {
        throw fsExportError(err, file, 'writing');
      });
      const entry = { sequence, file: segmentName(sequence), bytes: data.length, sha256: sha256(data), records: batch.records.length, encrypted: keys !== undefined, createdAt };
      const manifest = sealManifest(
        {
          format: 'devlog-folder',
          version: FOLDER_FORMAT_VERSION,
          machineId: this.opts.machineId,
          machineName: this.opts.machineName ?? batch.machineName ?? current?.machineName ?? null,
          updatedAt: createdAt,
          encryption,
          segments: [...(current?.segments ?? []), entry],
        },
        keys,
      );
      await writeDurably(this.manifestFile, serializeManifest(manifest), { replace: true }).catch((err: unknown) => {
        throw fsExportError(err, this.manifestFile, 'writing');
      });
      return { bytes: data.length };
    } finally {
      lock.release();
    }
  }

  /** The remote's folder must exist (a share that is not mounted is offline); below it, our own folder is made. */
  private async ensureDir(): Promise<void> {
    try {
      const stat = await fs.stat(this.opts.folder);
      if (!stat.isDirectory()) throw new ExportError(`${this.opts.folder} is not a folder`, 'local');
    } catch (err) {
      throw fsExportError(err, this.opts.folder, 'opening the remote folder');
    }
    try {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw fsExportError(err, this.dir, 'creating');
    }
  }

  private async lock(signal: AbortSignal): Promise<WriterLock> {
    try {
      return await WriterLock.acquire(WriterLock.fileFor(this.dir, this.opts.lockDir), signal);
    } catch (err) {
      if (signal.aborted) throw new ExportError(`writing to ${this.dir} was stopped while another devlog process was writing there`, 'timeout');
      throw fsExportError(err, WriterLock.fileFor(this.dir, this.opts.lockDir), 'taking the writer lock');
    }
  }

  /** This machine's manifest, or undefined before the first segment. One we cannot read is never overwritten. */
  private async loadManifest(): Promise<Manifest | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.manifestFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw fsExportError(err, this.manifestFile, 'reading');
    }
    const parsed = parseManifest(text);
    if ('error' in parsed) throw new ExportError(`${this.manifestFile}: ${parsed.error}; devlog does not append to a manifest it cannot read (move it aside to start over)`, 'local');
    if (parsed.manifest.machineId !== this.opts.machineId) {
      throw new ExportError(`${this.manifestFile} belongs to machine ${parsed.manifest.machineId}, not this one (${this.opts.machineId})`, 'local');
    }
    return parsed.manifest;
  }

  /**
   * The keys for the next segment and manifest. An encrypted folder keeps its salt and cost; a
   * passphrase added later encrypts from then on (earlier segments stay as they were written).
   */
  private async keysFor(current: Manifest | undefined): Promise<{ keys: FolderKeys | undefined; encryption: EncryptionParams | null }> {
    const { passphrase } = this.opts;
    if (current?.encryption) {
      if (passphrase === undefined) throw new ExportError(`${this.manifestFile} is encrypted: this remote needs its passphrase`, 'auth');
      const { salt, N, r, p } = current.encryption;
      const keys = await this.keys.get(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
      const state = checkManifest(current, keys);
      if (state === 'wrong-passphrase') throw new ExportError(`the passphrase does not open ${this.manifestFile}: it was written with another one`, 'auth');
      if (state !== 'ok') throw new ExportError(`${this.manifestFile} was changed after devlog wrote it (its HMAC does not match); move it aside to start over`, 'local');
      return { keys, encryption: current.encryption };
    }
    if (current && checkManifest(current, undefined) !== 'ok') {
      throw new ExportError(`${this.manifestFile} is damaged (its SHA-256 does not match); move it aside to start over`, 'local');
    }
    if (passphrase === undefined) return { keys: undefined, encryption: null };
    const salt = crypto.randomBytes(SALT_BYTES);
    const params = DEFAULT_SCRYPT;
    const keys = await this.keys.get(passphrase, salt, params);
    return { keys, encryption: { cipher: 'aes-256-gcm', kdf: 'scrypt', salt: salt.toString('base64'), ...params, keyCheck: keys.keyCheck } };
  }

  /**
   * What an interrupted send left (we hold the lock, so no other writer is mid-way): temp files,
   * and the one segment renamed into place whose manifest write never happened. That send was
   * never acknowledged, so the exporter sends the batch again. More than one unlisted segment
   * means the manifest was replaced by hand: refused rather than guessed.
   */
  private async removeLeftovers(current: Manifest | undefined): Promise<void> {
    const last = current?.segments.length ?? 0;
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      throw fsExportError(err, this.dir, 'listing');
    }
    const unlisted = names.filter((n) => (segmentSequence(n) ?? 0) > last).sort();
    if (unlisted.length > 1 || (unlisted.length === 1 && segmentSequence(unlisted[0]!) !== last + 1)) {
      throw new ExportError(`${this.dir} holds segments ${unlisted.join(', ')} that ${MANIFEST_FILE} does not list (was it replaced?); move them aside`, 'local');
    }
    for (const name of [...names.filter((n) => n.endsWith(TEMP_SUFFIX)), ...unlisted]) {
      await fs.rm(path.join(this.dir, name), { force: true }).catch((err: unknown) => {
        throw fsExportError(err, path.join(this.dir, name), 'removing');
      });
    }
  }
}
