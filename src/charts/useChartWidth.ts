import { useEffect, useState } from 'react';
import { MIN_CHART_WIDTH } from './axes';

/**
 * The content width (CSS pixels, at least MIN_CHART_WIDTH) of the element given to the returned callback ref,
 * kept current by a ResizeObserver. A callback ref, so an element that mounts later is still observed.
 */
export function useChartWidth(initial = 360): [(element: HTMLElement | null) => void, number] {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    if (!element) return;
    const update = (value: number) => setWidth(Math.max(MIN_CHART_WIDTH, Math.floor(value)));
    update(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) update(entry.contentRect.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}
