import { RedcheckError, type ErrorCode } from '../errors.js';

/** A registry of named things (fault kinds, workloads): their names and a lookup by name. */
export interface NamedRegistry<T> {
  /** Every name, in the registry's order. */
  readonly names: readonly string[];
  /** The item called `name`, or undefined (looked up in a map, never a prototype). */
  readonly find: (name: string) => T | undefined;
  /** The item called `name`; throws RedcheckError `code` saying `unknown` and the valid names. */
  readonly get: (name: string) => T;
}

/**
 * The registry of `items`. An unknown name throws RedcheckError `code` with the message
 * `unknown(name)` and the fix "use one of: <names><hint>".
 */
export function namedRegistry<T extends { readonly name: string }>(
  items: readonly T[],
  code: ErrorCode,
  unknown: (name: string) => string,
  hint = '',
): NamedRegistry<T> {
  const byName: ReadonlyMap<string, T> = new Map(items.map((item) => [item.name, item]));
  const names = items.map((item) => item.name);
  const find = (name: string): T | undefined => byName.get(name);
  return {
    names,
    find,
    get: (name) => {
      const item = find(name);
      if (item === undefined) {
        throw new RedcheckError(code, unknown(name), `use one of: ${names.join(', ')}${hint}`);
      }
      return item;
    },
  };
}
