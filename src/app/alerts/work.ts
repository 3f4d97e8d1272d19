/**
 * The alert work a process has under way in the background, per store: tiny on purpose (no
 * imports), so a command can wait for it before closing its store without loading the alert code.
 */
const background = new WeakMap<object, Set<Promise<unknown>>>();

/** Notes background work on a store until it settles. */
export function trackAlertWork(store: object, p: Promise<unknown>): void {
  const set = background.get(store) ?? new Set();
  background.set(store, set);
  set.add(p);
  void p.finally(() => set.delete(p));
}

/**
 * Waits for the background deliveries of a store (a process does before it closes the store), at
 * most `timeoutMs`; resolves to how many passes were still going (their deliveries stay pending
 * in the store and the next pass sends them).
 */
export async function settleAlertWork(store: object, timeoutMs = Infinity): Promise<number> {
  const set = background.get(store);
  const deadline = Date.now() + timeoutMs;
  while (set?.size && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const wait = Number.isFinite(timeoutMs)
      ? new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))
      : new Promise(() => {});
    await Promise.race([Promise.allSettled([...set]), wait]);
    clearTimeout(timer);
  }
  return set?.size ?? 0;
}
