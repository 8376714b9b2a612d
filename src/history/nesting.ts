/**
 * How deep values in a history may nest. Real histories nest a few levels (a transaction is a
 * list of `[f k v]` lists); the bound keeps every recursive consumer of op values (model
 * steps, hashing, printing, converting) far from the call stack's limit, and turns a hostile
 * `[[[[...` into a clear error at its line instead of a stack overflow in a checker.
 */
export const MAX_NESTING = 1000;

/** Whether arrays and objects in `value` nest deeper than `max` levels. Iterative. */
export function nestsDeeperThan(value: unknown, max: number = MAX_NESTING): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop() ?? 1;
    if (depth > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v as object);
    for (const c of children) {
      if (typeof c === 'object' && c !== null) {
        stack.push(c);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
