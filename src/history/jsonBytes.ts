/** The bytes of JSON's punctuation that the history's byte scanners look for. */
export const JSON_BYTE = {
  quote: 0x22,
  comma: 0x2c,
  minus: 0x2d,
  zero: 0x30,
  nine: 0x39,
  openArray: 0x5b,
  backslash: 0x5c,
  closeArray: 0x5d,
  open: 0x7b,
  close: 0x7d,
} as const;
