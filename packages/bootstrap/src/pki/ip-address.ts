import { isIPv4, isIPv6 } from 'node:net';

/**
 * One spelling per IP address (RFC 5952 for IPv6: lower case, leading zeros
 * dropped, the longest run of two or more zero groups as `::`), so a CSR's
 * addresses and a Machine's addresses compare by value, not by text.
 */
function expandIpv6(value: string): number[] | undefined {
  let text = value.toLowerCase();
  let tail: number[] = [];
  const embedded = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (embedded?.[1] && isIPv4(embedded[1])) {
    const octets = embedded[1].split('.').map(Number);
    tail = [((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)];
    text = text.slice(0, text.length - embedded[1].length) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined): number[] => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(halves[0]);
  const right = parse(halves[1]);
  const groups = halves.length === 2 ? [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right] : left;
  if (groups.length !== 8 || groups.some((group) => Number.isNaN(group) || group < 0 || group > 0xffff)) return undefined;
  if (tail.length === 2) groups.splice(6, 2, tail[0] ?? 0, tail[1] ?? 0);
  return groups;
}

export function canonicalIpAddress(value: string): string {
  if (isIPv4(value)) return value.split('.').map(Number).join('.');
  if (!isIPv6(value)) return value;
  const groups = expandIpv6(value);
  if (!groups) return value;
  let bestStart = -1;
  let bestLength = 0;
  for (let index = 0; index < 8; ) {
    if (groups[index] !== 0) {
      index += 1;
      continue;
    }
    let end = index;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - index > bestLength) {
      bestStart = index;
      bestLength = end - index;
    }
    index = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
