/**
 * In-process wake-ups for live views (Server-Sent Events): a change to a conversation
 * wakes the streams open on it in this process at once. Streams also poll the store every
 * few seconds, so a change made by another server process still arrives, only later.
 */
import { EventEmitter } from 'node:events';

/** Publish and subscribe by conversation id. */
export interface ConversationSignals {
  changed(conversationId: string): void;
  /** Calls `listener` on every change until the returned function is called. */
  subscribe(conversationId: string, listener: () => void): () => void;
}

/** A signal hub for one process. */
export function createConversationSignals(): ConversationSignals {
  const emitter = new EventEmitter();
  // Every open stream listens; the default warning at 10 listeners is not a leak here.
  emitter.setMaxListeners(0);
  return {
    changed: (id) => {
      emitter.emit(id);
    },
    subscribe: (id, listener) => {
      emitter.on(id, listener);
      return () => emitter.off(id, listener);
    },
  };
}
