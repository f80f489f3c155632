/** A small colour key for a legend: a square, or a short line for curves. Decorative: the text says it all. */
export function Swatch({ colour, line = false }: { colour: string; line?: boolean }) {
  return (
    <span
      aria-hidden="true"
      style={{
        display: 'inline-block',
        width: line ? 14 : 9,
        height: line ? 2 : 9,
        background: colour,
        verticalAlign: 'middle',
        marginRight: 2,
      }}
    />
  );
}
