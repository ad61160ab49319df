import { spawn, type ChildProcess } from 'node:child_process';

/** A child process that speaks JSON lines: send steps on stdin, wait for matching messages. */
export class JsonLinesChild {
  readonly child: ChildProcess;
  private readonly messages: Record<string, unknown>[] = [];
  private waiters: (() => void)[] = [];
  private stderr = '';
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          this.messages.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.stderr += `(stdout) ${line}\n`;
        }
        for (const w of this.waiters.splice(0)) w();
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(step: object): void {
    this.child.stdin!.write(JSON.stringify(step) + '\n');
  }

  /** The first message (not yet taken) that matches; fails with the child's stderr after timeoutMs. */
  async next(match: (m: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex(match);
      if (i >= 0) return this.messages.splice(i, 1)[0]!;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no matching message (exit ${this.child.exitCode}); stderr:\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
