/**
 * Freezes an object graph in place. Status lists served from memory and the copies a
 * verification thread keeps are deep-frozen, which is what lets checkStatus.ts reuse a
 * list's hash and decoded bits (it memoises only deep-frozen lists).
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
