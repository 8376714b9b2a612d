/**
 * Strings as the items of a JSON array, written straight from the bytes of RESP bulk strings:
 * `"e1","e2",...` exactly as `JSON.stringify` writes the strings those bytes decode to (UTF-8),
 * without making a JS string of each. Bytes that JSON writes as they are (printable ASCII but
 * `"` and `\`) are copied; an item with any other byte (a control character, a quote, a
 * backslash, non-ASCII or invalid UTF-8) takes the safe path: decoded, `JSON.stringify`ed.
 */
export class JsonStringList {
  private bytes: Buffer;
  private used = 0;
  /** Items added so far. */
  count = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  /** Add the string that `buf[start, end)` holds (UTF-8) as the next item. */
  add(buf: Buffer, start: number, end: number): void {
    // Room for the item copied as it is, its quotes and a comma.
    this.reserve(end - start + 3);
    const out = this.bytes;
    let at = this.used;
    if (this.count++ > 0) out[at++] = 0x2c; // ','
    out[at++] = 0x22; // '"'
    for (let i = start; i < end; i++) {
      const b = buf[i] as number;
      if (b < 0x20 || b > 0x7f || b === 0x22 || b === 0x5c) {
        this.count--;
        this.addString(buf.toString('utf8', start, end));
        return;
      }
      out[at++] = b;
    }
    out[at++] = 0x22;
    this.used = at;
  }

  /** Add `s` as the next item (the safe path). */
  addString(s: string): void {
    const json = JSON.stringify(s);
    this.reserve(Buffer.byteLength(json) + 1);
    if (this.count++ > 0) this.bytes[this.used++] = 0x2c;
    this.used += this.bytes.write(json, this.used, 'utf8');
  }

  /** The items so far, comma-separated, without brackets (a view: valid until the next add). */
  view(): Buffer {
    return this.bytes.subarray(0, this.used);
  }

  /** Empty the list, keeping its memory for the next items. */
  clear(): void {
    this.used = 0;
    this.count = 0;
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.used;
  }

  private reserve(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + n));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}
