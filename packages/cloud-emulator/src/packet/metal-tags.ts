/**
 * Metal tags are plain strings; Slipway writes `key=value` ones. The store keeps
 * them as a record (`key` → `value`, a plain tag → empty value) so that the side
 * door and the conformance kit read them like every other cloud's tags, and the
 * emulator keeps the original list to answer with.
 */
export function tagRecordOf(tags: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags) {
    const separator = tag.indexOf('=');
    if (separator > 0) record[tag.slice(0, separator)] = tag.slice(separator + 1);
    else record[tag] = '';
  }
  return record;
}
