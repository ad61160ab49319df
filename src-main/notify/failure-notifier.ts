/**
 * Says a failure once: when it appears, not on each later status while it persists (a store
 * from a newer devlog is reported once, not on every retry). Cleared when the failure is gone.
 */
export class FailureNotifier {
  private current: string | undefined;

  constructor(private readonly notify: (reason: string) => void) {}

  update(reason: string | undefined): void {
    if (reason !== undefined && reason !== this.current) this.notify(reason);
    this.current = reason;
  }
}
