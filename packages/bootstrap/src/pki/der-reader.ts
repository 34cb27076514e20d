/**
 * A strict, allocation-light DER walker: enough to read a CSR on the join hot
 * path without building an object tree. Any length that runs past its parent,
 * any non-minimal or indefinite length, throws.
 */
export interface DerElement {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export class DerFormatError extends Error {}

export function readElement(bytes: Buffer, offset: number, limit: number): DerElement {
  if (offset + 2 > limit) throw new DerFormatError('truncated element');
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerFormatError('high tag numbers are not used here');
  let length = bytes[offset + 1] as number;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerFormatError('indefinite or oversized length');
    if (contentStart + count > limit) throw new DerFormatError('truncated length');
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + (bytes[contentStart + index] as number);
    if (length < 0x80 || (count > 1 && bytes[contentStart] === 0)) throw new DerFormatError('non-minimal length');
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerFormatError('element runs past its parent');
  return { tag, start: offset, contentStart, end };
}

/** The children of a constructed element, in order. */
export function readChildren(bytes: Buffer, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readElement(bytes, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (!element || element.tag !== tag) throw new DerFormatError(`expected ${what}`);
  return element;
}

export function readObjectIdentifier(bytes: Buffer, element: DerElement): string {
  expectTag(element, 0x06, 'an OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (let index = element.contentStart; index < element.end; index += 1) {
    const byte = bytes[index] as number;
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The text of a directory string (UTF8String, PrintableString, IA5String, TeletexString, BMPString). */
export function readDirectoryString(bytes: Buffer, element: DerElement): string {
  const content = bytes.subarray(element.contentStart, element.end);
  switch (element.tag) {
    case 0x0c:
      return content.toString('utf8');
    case 0x13:
    case 0x16:
    case 0x14:
      return content.toString('latin1');
    case 0x1e: {
      const swapped = Buffer.from(content);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    default:
      throw new DerFormatError(`unsupported string type 0x${element.tag.toString(16)}`);
  }
}
