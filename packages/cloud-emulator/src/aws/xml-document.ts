/**
 * Turns the plain values the emulator's actions return into AWS-style XML:
 * objects become elements, arrays become lists of `<item>` (EC2) or `<member>`
 * (ELBv2) elements, undefined fields are left out. fast-xml-parser's builder
 * does the escaping.
 */
import { XMLBuilder } from 'fast-xml-parser';

export type XmlValue = string | number | boolean | undefined | null | readonly XmlValue[] | { readonly [name: string]: XmlValue };

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

export function renderXmlDocument(rootName: string, namespace: string | undefined, body: Record<string, XmlValue>, listElementName: 'item' | 'member'): string {
  const root = toBuilderTree(body, listElementName) as Record<string, unknown>;
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [rootName]: namespace ? { '@_xmlns': namespace, ...root } : root,
  }) as string;
}

function toBuilderTree(value: XmlValue, listElementName: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return '';
    return { [listElementName]: value.map((entry: XmlValue) => toBuilderTree(entry, listElementName)) };
  }
  if (typeof value === 'object') {
    const tree: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(value as Record<string, XmlValue>)) {
      const converted = toBuilderTree(entry, listElementName);
      if (converted !== undefined) tree[name] = converted;
    }
    return tree;
  }
  return String(value);
}
