import readline from 'node:readline';
import { DevlogError, ErrorCodes } from '../src-shared/errors.js';

/**
 * A secret from stdin (`--token-stdin`, `--passphrase-stdin`): a pipe is read to its end, a
 * terminal gives one line. Surrounding whitespace (the newline `echo` adds) is not part of it.
 * Never an argument: those show in `ps` and the shell's history.
 */
export async function readSecretFromStdin(flag: string): Promise<string> {
  let text: string;
  if (process.stdin.isTTY) {
    process.stderr.write(`${flag}: type or paste it, then Enter: `);
    const rl = readline.createInterface({ input: process.stdin, terminal: false });
    text = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    rl.close();
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  }
  const secret = text.trim();
  if (!secret) throw new DevlogError(ErrorCodes.BadRequest, `${flag}: nothing on stdin (pipe it in: printf %s "$TOKEN" | devlog remote ...)`);
  return secret;
}
