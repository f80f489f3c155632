// Reads a chart panel's body off the page as the blocks of a picture (figure.ts): each canvas replayed through
// its painter onto an SvgContext (vectors; a canvas without one, embedded as an image), each SVG layer copied
// with the page's styles written onto it, and each paragraph of legend or caption as text runs with its colour
// keys. Form controls are left out: a picture has nothing to click.

import { canvasPicture } from '../../charts/canvas';
import { SvgContext } from '../../charts/svgContext';
import { svgElement } from '../../charts/svgNode';
import type { Block, DrawingBlock, FontSpec, Measure, Run, TextBlock } from './figure';

/**
 * Inherited presentation properties copied from the page's computed style onto an exported SVG layer, so the
 * picture keeps the look the stylesheet gave it once it stands alone; written only where an element differs
 * from its parent.
 */
const INHERITED_STYLE = [
  'visibility',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
] as const;

/** What the page lends the reading: text widths and a raster's pixels as a data URL. */
export interface PageTools {
  readonly measure: Measure;
  readonly encodeImage: (image: CanvasImageSource) => string | null;
}

/** The blocks of `body` in paint (document) order, placed relative to its top-left corner. */
export function collectBlocks(body: HTMLElement, tools: PageTools): Block[] {
  const origin = body.getBoundingClientRect();
  const blocks: Block[] = [];
  const place = (element: Element) => {
    const box = element.getBoundingClientRect();
    return { x: box.left - origin.left, y: box.top - origin.top, width: box.width, height: box.height };
  };
  const visit = (element: Element): void => {
    if (!shown(element)) return;
    if (element instanceof HTMLCanvasElement)
      blocks.push(canvasBlock(element, place(element), tools, blocks.length));
    else if (element instanceof SVGSVGElement) blocks.push(svgBlock(element, place(element)));
    else if (element.matches('input, select, button, textarea, datalist, details')) return;
    else if (element.querySelector('canvas, svg') || onlyBlocks(element)) {
      for (const child of Array.from(element.children)) visit(child);
    } else {
      const block = textBlock(element, place(element));
      if (block) blocks.push(block);
    }
  };
  for (const child of Array.from(body.children)) visit(child);
  return blocks;
}

/** The page's own tools: canvas text metrics, and PNG data URLs of canvases (any other image copied onto one). */
export function pageTools(): PageTools {
  const measuring = document.createElement('canvas').getContext('2d');
  return {
    measure: (text, font) => {
      if (!measuring) return text.length * 6;
      measuring.font = font;
      return measuring.measureText(text).width;
    },
    encodeImage: (image) => {
      if (image instanceof HTMLCanvasElement) return image.toDataURL('image/png');
      const { width, height } = image as { width?: unknown; height?: unknown };
      if (typeof width !== 'number' || typeof height !== 'number' || width <= 0 || height <= 0) return null;
      const copy = document.createElement('canvas');
      copy.width = width;
      copy.height = height;
      copy.getContext('2d')?.drawImage(image, 0, 0);
      return copy.toDataURL('image/png');
    },
  };
}

function canvasBlock(
  canvas: HTMLCanvasElement,
  box: { x: number; y: number; width: number; height: number },
  tools: PageTools,
  index: number,
): DrawingBlock {
  const picture = canvasPicture(canvas);
  if (picture) {
    const context = new SvgContext({ ...tools, idPrefix: `clip${index}` });
    picture.paint(context);
    return { kind: 'drawing', ...box, content: context.root(), raster: context.images > 0 };
  }
  // not drawn through a painter: its pixels, said to be a raster
  const href = canvas.toDataURL('image/png');
  const image = svgElement('image', { x: 0, y: 0, width: box.width, height: box.height, href });
  return { kind: 'drawing', ...box, content: image, raster: true };
}

function svgBlock(
  svg: SVGSVGElement,
  box: { x: number; y: number; width: number; height: number },
): DrawingBlock {
  const markup = new XMLSerializer().serializeToString(styledClone(svg, { ...box, x: 0, y: 0 }));
  return { kind: 'drawing', ...box, content: { raw: markup }, raster: false };
}

/** A copy of an SVG layer that stands alone: its box set, and the page's styles written onto its elements. */
function styledClone(
  original: SVGSVGElement,
  box: { x: number; y: number; width: number; height: number },
): SVGSVGElement {
  const clone = original.cloneNode(true) as SVGSVGElement;
  const sources = [original, ...Array.from(original.querySelectorAll('*'))];
  const targets = [clone, ...Array.from(clone.querySelectorAll('*'))];
  const seen = new Map<Element, CSSStyleDeclaration>();
  sources.forEach((source, i) => {
    const style = getComputedStyle(source);
    seen.set(source, style);
    const parent = source === original ? undefined : seen.get(source.parentElement as Element);
    const declarations = INHERITED_STYLE.filter(
      (name) => style.getPropertyValue(name) !== parent?.getPropertyValue(name),
    ).map((name) => `${name}:${style.getPropertyValue(name)}`);
    // the two that do not inherit, where they hide or fade an element
    if (style.display === 'none') declarations.push('display:none');
    if (style.opacity !== '1') declarations.push(`opacity:${style.opacity}`);
    // the page's inline style (positioning) means nothing in the picture: replaced, or dropped
    if (declarations.length > 0) targets[i]?.setAttribute('style', declarations.join(';'));
    else targets[i]?.removeAttribute('style');
  });
  for (const [name, value] of Object.entries(box))
    clone.setAttribute(name, String(Math.round(value * 100) / 100));
  return clone;
}

/** Whether an element is drawn: not hidden, displayed, visible, with a box. */
function shown(element: Element): boolean {
  if (element instanceof HTMLElement && element.hidden) return false;
  const style = getComputedStyle(element);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}

/** Text for screen readers only (the `.visually-hidden` pattern: a clipped 1 px box). */
function screenReaderOnly(element: Element): boolean {
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return style.position === 'absolute' && (box.width <= 1 || box.height <= 1);
}

function isBlock(element: Element): boolean {
  return /^(block|flex|grid|list-item|table|flow-root)$/.test(getComputedStyle(element).display);
}

/**
 * Whether an element only holds blocks (a container whose children are each a picture block): with any text
 * or inline child beside them it is one paragraph, its blocks lines of their own.
 */
function onlyBlocks(element: Element): boolean {
  const children = Array.from(element.children);
  if (children.length === 0 || !children.some(isBlock)) return false;
  const strayText = Array.from(element.childNodes).some(
    (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
  );
  return !strayText && children.every((child) => isBlock(child) || !shown(child));
}

function textBlock(
  element: Element,
  box: { x: number; y: number; width: number; height: number },
): TextBlock | null {
  const runs = textRuns(element);
  if (!runs.some((run) => run.kind === 'text' && run.text.trim() !== '')) return null;
  const style = getComputedStyle(element);
  const size = Number.parseFloat(style.fontSize) || 12;
  const lineHeight = Number.parseFloat(style.lineHeight) || size * 1.2;
  return { kind: 'text', ...box, runs, lineHeight };
}

/**
 * An element's text and colour keys in reading order, each text in its own element's font and colour; margins
 * and flex gaps become gaps, so legend items keep their spacing.
 */
function textRuns(element: Element): Run[] {
  const runs: Run[] = [];
  const style = getComputedStyle(element);
  const flexGap = style.display.includes('flex') ? Number.parseFloat(style.columnGap) || 0 : 0;
  let first = true;
  for (const node of Array.from(element.childNodes)) {
    const own: Run[] = [];
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent ?? '';
      if (text !== '') own.push({ kind: 'text', text, font: fontOf(style), colour: style.color });
    } else if (node instanceof Element && shown(node) && !screenReaderOnly(node)) {
      if (node.localName === 'br') own.push({ kind: 'break' });
      else {
        const margins = getComputedStyle(node);
        const before = Number.parseFloat(margins.marginLeft) || 0;
        const after = Number.parseFloat(margins.marginRight) || 0;
        const key = (node.textContent ?? '').trim() === '';
        const inner = key ? keyRuns(node) : textRuns(node);
        // a block inside the paragraph is a line of its own; a key keeps its margins (it stays by its label);
        // an item's margins part it from the next item
        if (inner.length > 0 && isBlock(node)) own.push({ kind: 'break' }, ...inner, { kind: 'break' });
        else if (inner.length > 0) own.push(...gap(before, !key), ...inner, ...gap(after, !key));
      }
    }
    if (
      own.length === 0 ||
      (flexGap > 0 && own.every((run) => run.kind === 'text' && run.text.trim() === ''))
    )
      continue; // a flex container drops whitespace between its items
    if (!first) runs.push(...gap(flexGap, false)); // within one item: a key and its label
    runs.push(...own);
    first = false;
  }
  return runs;
}

function gap(width: number, breakable: boolean): Run[] {
  return width > 0 ? [{ kind: 'gap', width, breakable }] : [];
}

function fontOf(style: CSSStyleDeclaration): FontSpec {
  return {
    size: Number.parseFloat(style.fontSize) || 12,
    weight: style.fontWeight || 'normal',
    style: style.fontStyle || 'normal',
    family: style.fontFamily || 'sans-serif',
  };
}

/** A legend's colour key (an empty element with a background, a gradient or a border) as the page draws it. */
function keyRuns(element: Element): Run[] {
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const fill = opaque(style.backgroundColor) ? style.backgroundColor : null;
  const gradient = style.backgroundImage.startsWith('linear-gradient(')
    ? gradientStops(style.backgroundImage)
    : null;
  const strokeWidth = Number.parseFloat(style.borderTopWidth) || 0;
  const stroke = strokeWidth > 0 && style.borderTopStyle !== 'none' && opaque(style.borderTopColor);
  if (!fill && !gradient && !stroke) return [];
  // a border with nothing inside (a line swatch: one border, no height): the line itself, filled
  if (!fill && !gradient && stroke && Math.min(box.width, box.height) <= 2 * strokeWidth + 0.5) {
    return [{ ...KEY_SHAPE, width: box.width, height: box.height, fill: style.borderTopColor }];
  }
  const radius = Number.parseFloat(style.borderTopLeftRadius) || 0;
  return [
    {
      kind: 'key',
      width: box.width,
      height: box.height,
      fill,
      gradient,
      stroke: stroke ? style.borderTopColor : null,
      strokeWidth,
      round: style.borderTopLeftRadius.endsWith('%')
        ? radius >= 50
        : radius >= Math.min(box.width, box.height) / 2,
      opacity: Number.parseFloat(style.opacity) || 1,
    },
  ];
}

/** A plain filled key, to spread over with its size and colour. */
const KEY_SHAPE = {
  kind: 'key',
  fill: null,
  gradient: null,
  stroke: null,
  strokeWidth: 0,
  round: false,
  opacity: 1,
} as const;

/** The colours of a computed left-to-right `linear-gradient(...)`, evenly spaced (how the legends write them). */
function gradientStops(image: string): string[] | null {
  const stops = image.match(/rgba?\([^)]*\)|#[0-9a-fA-F]{3,8}\b/g);
  return stops && stops.length > 1 && /^linear-gradient\((to right|90deg),/.test(image) ? stops : null;
}

function opaque(colour: string): boolean {
  return colour !== '' && colour !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(colour);
}
