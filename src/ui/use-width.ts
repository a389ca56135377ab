/**
 * The width of an element, followed as it changes: the method picture and the charts are
 * drawn in real pixels. Measured once before the first paint, so a panel that takes its
 * placeholder's place never shows a frame at the fallback's size.
 */
import { useLayoutEffect, useRef, useState } from 'react';

export function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.round(el.getBoundingClientRect().width));
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.round(e.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}
