/**
 * The decision boundary of a 2-D run: each grid cell coloured by its class
 * probabilities (a blend of the class colours), with the training points on top.
 */
import { useEffect, useRef } from 'react';
import { BEFORE_EVALUATION } from './insight-waiting';
import { useApp } from './use-app';

const CLASS_RGB: [number, number, number][] = [[0, 114, 178], [213, 94, 0], [0, 158, 115], [204, 121, 167], [230, 159, 0]];
const SIZE = 240;

export function BoundaryCanvas({ runId }: { runId: string }) {
  const boundary = useApp((s) => s.views[runId]?.boundary);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !boundary) return;
    const { grid, w, h, classes, extent, points } = boundary;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < w * h; i++) {
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < classes; k++) {
        const p = grid[i * classes + k];
        const [cr, cg, cb] = CLASS_RGB[k % CLASS_RGB.length];
        r += p * cr; g += p * cg; b += p * cb;
      }
      // Mixed with white, so the points drawn on top stay visible.
      img.data.set([r * 0.5 + 127, g * 0.5 + 127, b * 0.5 + 127, 255], 4 * i);
    }
    const scratch = new OffscreenCanvas(w, h);
    scratch.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.drawImage(scratch, 0, 0, SIZE, SIZE);
    if (points) {
      const [x0, x1, y0, y1] = extent;
      for (let i = 0; i + 2 < points.length; i += 3) {
        const [cr, cg, cb] = CLASS_RGB[points[i + 2] % CLASS_RGB.length];
        ctx.fillStyle = `rgb(${cr} ${cg} ${cb})`;
        ctx.strokeStyle = 'white';
        ctx.beginPath();
        ctx.arc(((points[i] - x0) / (x1 - x0)) * SIZE, ((y1 - points[i + 1]) / (y1 - y0)) * SIZE, 2.5, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
  }, [boundary]);
  if (!boundary) return <p className="meta">{BEFORE_EVALUATION.boundary}</p>;
  return (
    <figure className="boundary">
      <canvas ref={ref} width={SIZE} height={SIZE} data-testid="boundary-canvas" data-step={boundary.step}
        role="img" aria-label={`Decision boundary at step ${boundary.step}`} />
      <figcaption>Decision boundary, step {boundary.step.toLocaleString()}</figcaption>
    </figure>
  );
}
