/**
 * A minimal XML writer for Route53's REST-XML responses: elements are
 * described as data and every text node is escaped.
 */

/** An element's content: text, child elements, or nothing. */
export type XmlContent = string | number | boolean | XmlElement[] | undefined;

/** One element. `undefined` content leaves the element out entirely. */
export interface XmlElement {
  name: string;
  content: XmlContent;
  attributes?: Record<string, string>;
}

/** Shorthand for an element. */
export function el(
  name: string,
  content: XmlContent,
  attributes?: Record<string, string>,
): XmlElement {
  return { name, content, attributes };
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function render(element: XmlElement): string {
  if (element.content === undefined) {
    return '';
  }
  const attributes = Object.entries(element.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const body = Array.isArray(element.content)
    ? element.content.map(render).join('')
    : escapeXml(String(element.content));
  return `<${element.name}${attributes}>${body}</${element.name}>`;
}

/** Serialises a document with the XML declaration. */
export function toXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root)}`;
}
