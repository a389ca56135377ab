/** A grid of test images with their predicted class; wrong ones are outlined. */
import { useEffect, useRef } from 'react';
import { DATASET_META } from '../experiment/datasets';
import type { Shape } from '../nn/model';
import { useApp } from './use-app';

export function PredictionsGrid({ runId }: { runId: string }) {
  const predictions = useApp((s) => s.views[runId]?.predictions);
  const dataset = useApp((s) => s.runs.find((r) => r.id === runId)?.config.dataset);
  if (!predictions?.samples.length || !dataset) return null;
  const meta = DATASET_META[dataset];
  return (
    <ul className="predictions" data-testid="predictions-grid" aria-label="Test predictions">
      {predictions.samples.map((s) => (
        <li key={s.index} className={s.label === s.predicted ? 'right' : 'wrong'}
          title={`#${s.index}: true ${meta.classNames[s.label]}, predicted ${meta.classNames[s.predicted]}`}>
          {s.pixels && <Thumb pixels={s.pixels} shape={meta.inputShape} />}
          <span>{meta.classNames[s.predicted]}</span>
        </li>
      ))}
    </ul>
  );
}

function Thumb({ pixels, shape }: { pixels: Uint8Array | number[]; shape: Shape }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w, c] = shape;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < w * h; i++) {
      for (let k = 0; k < 3; k++) img.data[4 * i + k] = pixels[i * c + (c === 3 ? k : 0)];
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, w, h, c]);
  return <canvas ref={ref} width={w} height={h} aria-hidden="true" />;
}
