import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useEffect, useRef } from 'react';

/**
 * A formula typeset by KaTeX. `tex` must be the lab's own TeX (numbers formatted by the caller), never text
 * from a link or a file: KaTeX writes it as markup.
 */
export function Formula({ tex, display = false }: { tex: string; display?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    katex.render(tex, ref.current, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
  }, [tex, display]);
  // KaTeX also writes MathML, which screen readers read.
  return <span ref={ref} className="formula" />;
}

/** A number for a formula: 3 significant digits, exponent form outside [1e-3, 1e4). */
export function texNumber(value: number): string {
  if (!Number.isFinite(value)) return '\\text{--}';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e4)) {
    const [mantissa, exponent] = value.toExponential(2).split('e');
    return `${mantissa}\\times 10^{${Number(exponent)}}`;
  }
  return String(Number(value.toPrecision(3)));
}
