/** This process's listeners by channel: what this instance publishes reaches them at once. */
export class LocalListeners {
  private readonly byChannel = new Map<string, Set<(payload: string) => void>>();

  add(channel: string, fn: (payload: string) => void): () => void {
    const set = this.byChannel.get(channel) ?? this.byChannel.set(channel, new Set()).get(channel)!;
    set.add(fn);
    return () => set.delete(fn);
  }

  deliver(channel: string, payload: string): void {
    for (const fn of this.byChannel.get(channel) ?? []) {
      try {
        fn(payload);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }
}

