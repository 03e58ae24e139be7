/**
 * Lets the event loop run between the items of a long loop. SQLite calls are synchronous,
 * so a loop of store calls and in-process signing chains promises without ever reaching
 * the event loop: a 10,000-row import would hold it (no other request, timer or thread
 * message answered) for its whole run. One setImmediate per item costs microseconds and
 * lets everything else in between.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
