/** The typed arrays that grow by doubling here (per-op columns of big histories). */
export type GrowableTypedArray =
  | Uint8Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer>
  | Int32Array<ArrayBuffer>
  | Float64Array<ArrayBuffer>;

/** A copy of `a` of the same kind, its length doubled until `index` fits in it. */
export function growTypedArray<T extends GrowableTypedArray>(a: T, index: number): T {
  let size = Math.max(1, a.length) * 2;
  while (size <= index) size *= 2;
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}
