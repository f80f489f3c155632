// SVG as plain data: a tree of elements that the chart exports build (pure, so Node tests read it) and one
// serialiser that escapes every text and attribute value. Nothing here touches the page's DOM: the markup only
// ever becomes a downloaded file or an image, never the page's own HTML.

/** An attribute value; null and undefined leave the attribute out, numbers are rounded (see `svgNumber`). */
export type SvgAttribute = string | number | null | undefined;

/** An SVG element, its attributes and children: elements, text (escaped), or trusted markup (`raw`). */
export interface SvgElement {
  readonly name: string;
  readonly attributes: Record<string, SvgAttribute>;
  readonly children: SvgChild[];
}

/**
 * Markup that is already serialised, by the browser's XMLSerializer, of an SVG element the page drew (a line
 * chart's axes): inserted as it is.
 */
export interface SvgRaw {
  readonly raw: string;
}

/** What an element holds. */
export type SvgChild = SvgElement | SvgRaw | string;

/** The SVG namespace, which a standalone file's root declares. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/** An element (children are appended to later by the builders that own it). */
export function svgElement(
  name: string,
  attributes: Record<string, SvgAttribute> = {},
  children: SvgChild[] = [],
): SvgElement {
  if (!/^[a-zA-Z][a-zA-Z0-9:-]*$/.test(name)) throw new Error(`invalid name: ${name}`);
  return { name, attributes, children };
}

/** A coordinate or length in markup: 2 decimals (a hundredth of a CSS pixel), no trailing zeros. */
export function svgNumber(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** `text` with the five XML specials escaped and the characters XML forbids dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these; a file with one does not parse
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** The element's markup: attributes in insertion order, text escaped, `raw` children as they are. */
export function svgMarkup(node: SvgChild): string {
  if (typeof node === 'string') return escapeXml(node);
  if ('raw' in node) return node.raw;
  const attributes = Object.entries(node.attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([key, value]) => {
      if (!/^[a-zA-Z][a-zA-Z0-9:-]*$/.test(key)) throw new Error(`invalid attribute: ${key}`);
      return ` ${key}="${escapeXml(typeof value === 'number' ? svgNumber(value) : value)}"`;
    })
    .join('');
  if (node.children.length === 0) return `<${node.name}${attributes}/>`;
  return `<${node.name}${attributes}>${node.children.map(svgMarkup).join('')}</${node.name}>`;
}

/** A standalone SVG file: the XML declaration, then `root` (an `svg` element, given the namespace here). */
export function svgDocument(root: SvgElement): string {
  if (root.name !== 'svg') throw new Error(`invalid root: ${root.name}`);
  const withNamespace = { ...root, attributes: { xmlns: SVG_NS, ...root.attributes } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svgMarkup(withNamespace)}`;
}

/** Every element named `name` in the tree (raw markup is not searched). */
export function findElements(node: SvgChild, name: string): SvgElement[] {
  if (typeof node === 'string' || 'raw' in node) return [];
  const own = node.name === name ? [node] : [];
  return [...own, ...node.children.flatMap((child) => findElements(child, name))];
}
