/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits (0). A second signal while stopping exits at
 * once (130), so a stuck shutdown never traps the user. The engine answers signals during a
 * scan because no event-loop turn is long: the handler runs within a piece.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => Promise<void> | void, exitCode = 0): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    Promise.resolve()
      .then(() => stop(signal))
      .catch((err: Error) => process.stderr.write(`devlog: while stopping: ${err.message}\n`))
      .finally(() => process.exit(exitCode));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
