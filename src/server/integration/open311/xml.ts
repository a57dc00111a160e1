/**
 * The XML GeoReport v2 asks for: a root, one element per item, flat fields. No library is needed for
 * shapes this flat; what matters is the escaping (text may hold anything a caller typed) and that
 * characters XML 1.0 forbids are dropped rather than sent.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: XmlValue, item: (parent: string) => string): string {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return `<${name}/>`;
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element(item(name), v, item)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v, item)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * `<root><item>…</item>…</root>` with the XML declaration. Arrays inside an item are named by
 * `item(parentName)`: GeoReport's lists are `endpoints/endpoint`, `formats/format`, `attributes/attribute`, `values/value`.
 */
export function toXml(root: string, value: XmlValue, item: (parent: string) => string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, item)}\n`;
}
