/**
 * EDN values and plain JSON, both ways: what the history readers keep of an EDN value, and
 * how a JSON value is written back as EDN.
 */
import { EdnKeyword, EdnList, EdnSet, EdnSymbol, EdnTagged, kw } from './ednValue.js';
import type { EdnMap, EdnValue } from './ednValue.js';
import { printEdn } from './ednPrinter.js';

/** An EDN value as plain JSON: keywords and symbols become their names, collections arrays. */
export function ednToJson(v: EdnValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v instanceof EdnKeyword || v instanceof EdnSymbol) return v.name;
  if (Array.isArray(v)) return v.map(ednToJson);
  if (v instanceof EdnList || v instanceof EdnSet) return v.items.map(ednToJson);
  if (v instanceof EdnTagged) return ednToJson(v.value);
  const out: Record<string, unknown> = {};
  for (const [k, val] of v) {
    const name =
      typeof k === 'string'
        ? k
        : k instanceof EdnKeyword || k instanceof EdnSymbol
          ? k.name
          : printEdn(k);
    // defineProperty: a key `:__proto__` is an own key, not the object's prototype.
    Object.defineProperty(out, name, {
      value: ednToJson(val),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const KEYWORD_NAME = /^[A-Za-z*+!_?<>=-][\w*+!?<>=.-]*$/;

/** Whether `name` can be written as an EDN keyword (`:name`). */
export function isKeywordName(name: string): boolean {
  return KEYWORD_NAME.test(name);
}

/** A JSON value as EDN: objects become maps with keyword keys where the key is a valid name. */
export function jsonToEdn(v: unknown): EdnValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(jsonToEdn);
  if (typeof v === 'object') {
    const m: EdnMap = new Map();
    for (const [k, val] of Object.entries(v)) m.set(isKeywordName(k) ? kw(k) : k, jsonToEdn(val));
    return m;
  }
  // bigint, symbol, function: not JSON; keep a readable form.
  return typeof v === 'bigint' ? Number(v) : String(typeof v);
}
