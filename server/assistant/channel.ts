// A one-reader queue of events between work that runs on its own and whoever streams them: the work never
// waits for the reader, and the reader going away (iteration returned early) does not stop the work.
export interface EventChannel<T> {
  push(event: T): void;
  close(): void;
  iterate(): AsyncIterable<T>;
}

export function eventChannel<T>(): EventChannel<T> {
  const queue: T[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(event) {
      if (closed) return;
      queue.push(event);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *iterate() {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
