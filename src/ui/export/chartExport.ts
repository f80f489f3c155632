// A chart panel as one picture: its canvases and its SVG layers, each where it sits in the panel, as a PNG
// (composited at the canvases' pixel ratio) or as a standalone SVG document (canvases embedded as PNG images).
// HTML around the drawings (notes, legends, controls) is not part of the picture.

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
/** The page's paper colour: exports are opaque, so they read the same on any background. */
const BACKGROUND = '#ffffff';
/**
 * Inherited presentation properties copied from the page's computed style onto the exported SVG, so the
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

/** One drawn layer of a chart: a canvas or an outermost SVG, with its box in CSS pixels relative to the picture. */
export interface ChartLayer {
  readonly element: HTMLCanvasElement | SVGSVGElement;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A chart's drawn layers in paint (document) order, inside a picture of width x height CSS pixels. */
export interface ChartLayers {
  readonly width: number;
  readonly height: number;
  /** device pixels per CSS pixel of the sharpest canvas (the page's ratio when there is none) */
  readonly ratio: number;
  readonly layers: readonly ChartLayer[];
}

/** The file name of a chart export: `infonce-<chart>-step<N>.<png|svg>`, from the panel's `chart-<chart>` test id. */
export function chartFileName(testId: string, step: number, extension: 'png' | 'svg'): string {
  if (!/^[a-z0-9-]+$/.test(testId)) throw new Error(`invalid testId: ${testId}`);
  if (!Number.isInteger(step) || step < 0) throw new Error(`invalid step: ${step}`);
  return `infonce-${testId.replace(/^chart-/, '')}-step${step}.${extension}`;
}

/** The visible canvases and outermost SVGs inside `root`, placed relative to the box that holds them all. */
export function collectLayers(root: HTMLElement): ChartLayers {
  const found = Array.from(root.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg'))
    .filter((element) => !(element instanceof SVGSVGElement && element.parentElement?.closest('svg')))
    .map((element) => ({ element, box: element.getBoundingClientRect() }))
    .filter(({ box }) => box.width > 0 && box.height > 0);
  if (found.length === 0) {
    const box = root.getBoundingClientRect();
    return { width: Math.max(1, box.width), height: Math.max(1, box.height), ratio: pageRatio(), layers: [] };
  }
  const left = Math.min(...found.map(({ box }) => box.left));
  const top = Math.min(...found.map(({ box }) => box.top));
  const right = Math.max(...found.map(({ box }) => box.right));
  const bottom = Math.max(...found.map(({ box }) => box.bottom));
  const ratios = found.flatMap(({ element, box }) =>
    element instanceof HTMLCanvasElement ? [element.width / box.width] : [],
  );
  return {
    width: right - left,
    height: bottom - top,
    ratio: ratios.length > 0 ? Math.max(1, ...ratios) : pageRatio(),
    layers: found.map(({ element, box }) => ({
      element,
      x: box.left - left,
      y: box.top - top,
      width: box.width,
      height: box.height,
    })),
  };
}

/** The chart as a standalone SVG document: each canvas an embedded PNG image, each SVG layer its markup. */
export function chartSvg(root: HTMLElement): string {
  const { width, height, layers } = collectLayers(root);
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const svg = doc.documentElement;
  svg.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xlink', XLINK_NS);
  setBox(svg, { x: 0, y: 0, width, height });
  svg.setAttribute('viewBox', `0 0 ${round(width)} ${round(height)}`);
  const background = doc.createElementNS(SVG_NS, 'rect');
  setBox(background, { x: 0, y: 0, width, height });
  background.setAttribute('fill', BACKGROUND);
  svg.append(background);
  for (const layer of layers) {
    if (layer.element instanceof HTMLCanvasElement) {
      const image = doc.createElementNS(SVG_NS, 'image');
      setBox(image, layer);
      const href = layer.element.toDataURL('image/png');
      image.setAttribute('href', href);
      image.setAttributeNS(XLINK_NS, 'xlink:href', href); // for SVG 1.1 readers (older editors)
      image.setAttribute('preserveAspectRatio', 'none');
      svg.append(image);
    } else {
      svg.append(doc.importNode(styledClone(layer.element, layer), true));
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}`;
}

/** The chart composited into one PNG, at the canvases' pixel ratio, SVG layers rasterised in place. */
export async function chartPng(root: HTMLElement): Promise<Blob> {
  const { width, height, ratio, layers } = collectLayers(root);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('invalid canvas: no 2d context');
  context.scale(canvas.width / width, canvas.height / height);
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, width, height);
  for (const layer of layers) {
    const { element, x, y, width: w, height: h } = layer;
    if (element instanceof HTMLCanvasElement) context.drawImage(element, x, y, w, h);
    else context.drawImage(await svgImage(styledClone(element, { ...layer, x: 0, y: 0 })), x, y, w, h);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
      'image/png',
    ),
  );
}

/** A copy of an SVG layer that stands alone: its box set, and the page's styles written onto its elements. */
function styledClone(original: SVGSVGElement, box: Omit<ChartLayer, 'element'>): SVGSVGElement {
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
  setBox(clone, box);
  return clone;
}

/** An SVG element loaded as an image (through a blob URL, revoked once loaded). */
async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const markup = new XMLSerializer().serializeToString(svg); // carries xmlns, as a standalone file must
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function setBox(element: Element, box: { x: number; y: number; width: number; height: number }): void {
  element.setAttribute('x', String(round(box.x)));
  element.setAttribute('y', String(round(box.y)));
  element.setAttribute('width', String(round(box.width)));
  element.setAttribute('height', String(round(box.height)));
}

/** CSS pixels to 2 decimals: exact enough for layout, short in the markup. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function pageRatio(): number {
  return Math.max(1, globalThis.devicePixelRatio || 1);
}
