/**
 * EDN values as JavaScript: nil -> null, numbers -> number, strings -> string, vectors ->
 * arrays, keywords / symbols / lists / sets / tagged values -> the classes below (keywords are
 * interned, so `map.get(kw('type'))` works), maps -> `Map` with EDN values as keys.
 */

export class EdnKeyword {
  private constructor(
    /** The name without the colon, with its namespace if any: `type`, `jepsen/op`. */
    readonly name: string,
  ) {}
  private static readonly interned = new Map<string, EdnKeyword>();
  /** The one keyword with this name. */
  static of(name: string): EdnKeyword {
    let k = EdnKeyword.interned.get(name);
    if (!k) EdnKeyword.interned.set(name, (k = new EdnKeyword(name)));
    return k;
  }
}

/** The interned keyword `:name`. */
export const kw = (name: string): EdnKeyword => EdnKeyword.of(name);

export class EdnSymbol {
  constructor(readonly name: string) {}
}

export class EdnList {
  constructor(readonly items: EdnValue[]) {}
}

export class EdnSet {
  constructor(readonly items: EdnValue[]) {}
}

export class EdnTagged {
  constructor(
    /** The tag without `#`: `inst`, `jepsen.history.Op`. */
    readonly tag: string,
    readonly value: EdnValue,
  ) {}
}

export type EdnMap = Map<EdnValue, EdnValue>;

export type EdnValue =
  | null
  | boolean
  | number
  | string
  | EdnKeyword
  | EdnSymbol
  | EdnList
  | EdnSet
  | EdnTagged
  | EdnValue[]
  | EdnMap;
