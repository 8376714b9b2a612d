/**
 * A small EDN reader and printer, enough for Jepsen histories: nil, booleans, integers, floats
 * (`##Inf`, `##-Inf`, `##NaN`), ratios (as a float), strings with escapes, characters (as
 * one-character strings), keywords, symbols, lists, vectors, maps, sets, tagged values
 * (`#inst "..."`, `#jepsen.history.Op{...}`), comments `;` and the `#_` discard.
 *
 * Values map to JavaScript as: nil -> null, numbers -> number, strings -> string, vectors ->
 * arrays, keywords / symbols / lists / sets / tagged values -> the classes below (keywords are
 * interned, so `map.get(kw('type'))` works), maps -> `Map` with EDN values as keys.
 */
export {
  EdnKeyword,
  EdnList,
  EdnSet,
  EdnSymbol,
  EdnTagged,
  kw,
  type EdnMap,
  type EdnValue,
} from './ednValue.js';
export type { EdnPlace } from './ednScanner.js';
export {
  MAX_EDN_DEPTH,
  parseEdn,
  readEdnForms,
  type EdnForm,
  type EdnReadOptions,
} from './ednReader.js';
export { printEdn } from './ednPrinter.js';
