import type { ListenerEvent } from './db/listener.js';

/** Fans the listener's events out to the open /v1/stream connections of this process. */
export class StreamHub {
  private readonly subscribers = new Set<(event: ListenerEvent) => void>();
  private readonly perOwner = new Map<string, number>();

  /** `owner` (a token id) is counted, so one client cannot hold every connection. */
  subscribe(owner: string, fn: (event: ListenerEvent) => void): () => void {
    this.subscribers.add(fn);
    this.perOwner.set(owner, this.countFor(owner) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.subscribers.delete(fn);
      const left = this.countFor(owner) - 1;
      if (left > 0) this.perOwner.set(owner, left);
      else this.perOwner.delete(owner);
    };
  }

  countFor(owner: string): number {
    return this.perOwner.get(owner) ?? 0;
  }

  publish(event: ListenerEvent): void {
    for (const fn of this.subscribers) fn(event);
  }

  get size(): number {
    return this.subscribers.size;
  }
}
