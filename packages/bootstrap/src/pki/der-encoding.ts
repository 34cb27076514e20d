/**
 * The few DER writers the certificate fast path needs to stitch a
 * TBSCertificate together from pre-encoded parts. Everything structural is
 * encoded once by the X.509 library; these only wrap the per-certificate
 * fields (serial, validity, subject) and the outer lengths.
 */

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  let remaining = length;
  while (remaining > 0) {
    bytes.unshift(remaining & 0xff);
    remaining = Math.floor(remaining / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function encodeTagged(tag: number, contents: readonly Buffer[]): Buffer {
  let total = 0;
  for (const part of contents) total += part.length;
  const length = encodeLength(total);
  return Buffer.concat([Buffer.from([tag]), length, ...contents], 1 + length.length + total);
}

export function encodeSequence(contents: readonly Buffer[]): Buffer {
  return encodeTagged(0x30, contents);
}

export function encodeSet(contents: readonly Buffer[]): Buffer {
  return encodeTagged(0x31, contents);
}

/** An INTEGER from big-endian magnitude bytes, kept positive and minimal as DER requires. */
export function encodeUnsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  let body = magnitude.subarray(start);
  if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return encodeTagged(0x02, [body]);
}

export function encodeUtf8String(value: string): Buffer {
  return encodeTagged(0x0c, [Buffer.from(value, 'utf8')]);
}

export function encodeObjectIdentifier(oid: string): Buffer {
  const parts = oid.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = parts;
  const bytes: number[] = [first * 40 + second];
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f];
    let remaining = Math.floor(part / 128);
    while (remaining > 0) {
      chunk.unshift((remaining & 0x7f) | 0x80);
      remaining = Math.floor(remaining / 128);
    }
    bytes.push(...chunk);
  }
  return encodeTagged(0x06, [Buffer.from(bytes)]);
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on, always in UTC with seconds. */
export function encodeTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const rest =
    twoDigits(date.getUTCMonth() + 1) +
    twoDigits(date.getUTCDate()) +
    twoDigits(date.getUTCHours()) +
    twoDigits(date.getUTCMinutes()) +
    twoDigits(date.getUTCSeconds()) +
    'Z';
  if (year >= 1950 && year < 2050) return encodeTagged(0x17, [Buffer.from(twoDigits(year % 100) + rest, 'ascii')]);
  return encodeTagged(0x18, [Buffer.from(String(year).padStart(4, '0') + rest, 'ascii')]);
}

export function encodeBitString(bytes: Buffer): Buffer {
  return encodeTagged(0x03, [Buffer.from([0]), bytes]);
}
