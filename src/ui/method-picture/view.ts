/**
 * The figure's camera: an orthographic projection of R³ onto the screen, turned by a
 * yaw about the θ₃ axis and a pitch above the θ₁θ₂ plane. Orthographic, so that lengths
 * along the screen stay comparable and an ellipsoid's outline is an exact ellipse.
 */
export type Vec3 = readonly number[];

export interface Camera {
  /** Turn about the vertical θ₃ axis, radians. */
  yaw: number;
  /** Elevation of the eye above the θ₁θ₂ plane, radians. */
  pitch: number;
  /** Pixels per unit of θ. */
  scale: number;
  /** Screen position of θ = 0. */
  cx: number;
  cy: number;
}

/** The screen's right and up directions in θ space, and the direction towards the eye. */
export function cameraAxes({ yaw, pitch }: Camera): { right: Vec3; up: Vec3; toEye: Vec3 } {
  const [cy, sy, cp, sp] = [Math.cos(yaw), Math.sin(yaw), Math.cos(pitch), Math.sin(pitch)];
  return {
    right: [-sy, cy, 0],
    up: [-sp * cy, -sp * sy, cp],
    toEye: [cp * cy, cp * sy, sp],
  };
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Screen coordinates (SVG: y grows downwards) of a point of θ space. */
export function projector(cam: Camera): (p: Vec3) => [number, number] {
  const { right, up } = cameraAxes(cam);
  return (p) => [cam.cx + cam.scale * dot(right, p), cam.cy - cam.scale * dot(up, p)];
}

/** The camera moved on screen so that the point p of θ space sits at (x, y). */
export function centredOn(cam: Camera, p: Vec3, x: number, y: number): Camera {
  const [px, py] = projector(cam)(p);
  return { ...cam, cx: cam.cx + x - px, cy: cam.cy + y - py };
}

/** An SVG path through the projected points; `close` joins the last to the first. */
export function pathData(points: readonly (readonly [number, number])[], close = false): string {
  const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
  return close ? `${d}Z` : d;
}

/**
 * The outline on screen of the level set ½ θᵀAθ = level, given A⁻¹. With V the screen's
 * two rows, the shadow of {θᵀAθ ≤ 2·level} is {y : yᵀ(V A⁻¹ Vᵀ)⁻¹ y ≤ 2·level}, so the
 * outline is √(2·level)·C·u over unit u, where C·Cᵀ = V A⁻¹ Vᵀ (Cholesky, 2 × 2).
 */
export function levelOutline(cam: Camera, aInv: readonly Vec3[], level: number, n = 72): [number, number][] {
  const { right, up } = cameraAxes(cam);
  const mv = (v: Vec3) => aInv.map((row) => dot(row, v));
  const [m00, m01, m11] = [dot(right, mv(right)), dot(right, mv(up)), dot(up, mv(up))];
  const c00 = Math.sqrt(m00);
  const c10 = m01 / c00;
  const c11 = Math.sqrt(Math.max(m11 - c10 * c10, 0));
  const k = Math.sqrt(2 * level) * cam.scale;
  return Array.from({ length: n }, (_, i) => {
    const t = (2 * Math.PI * i) / n;
    const [u0, u1] = [Math.cos(t), Math.sin(t)];
    return [cam.cx + k * c00 * u0, cam.cy - k * (c10 * u0 + c11 * u1)];
  });
}

/** An orthonormal basis of span(φ) (Gram–Schmidt), so the drawn patch has one size whatever |φ|. */
export function orthonormal(phi: readonly Vec3[]): number[][] {
  const out: number[][] = [];
  for (const v of phi) {
    let w = [...v];
    for (const e of out) {
      const c = dot(w, e);
      w = w.map((x, j) => x - c * e[j]);
    }
    const n = Math.hypot(...w);
    if (n > 1e-12) out.push(w.map((x) => x / n));
  }
  return out;
}

/** Corners of the square (d = 2) or ends of the segment (d = 1) of half-size h through p in span(φ). */
export function patch(p: Vec3, phi: readonly Vec3[], h: number): number[][] {
  const [e0, e1] = orthonormal(phi);
  const at = (a: number, b: number) => p.map((x, j) => x + h * (a * e0[j] + b * (e1?.[j] ?? 0)));
  return e1 ? [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)] : [at(-1, 0), at(1, 0)];
}

/** A text label on screen: its anchor, and its extent to the left and right of it. */
export interface Label { x: number; y: number; left: number; right: number }

/**
 * The labels' baselines moved down, top to bottom, until no two whose extents come within
 * `gap` pixels sit closer than one line; the points they name often meet (all at θ_0 at step 0).
 */
export function separate(labels: readonly Label[], line: number, gap = 6): number[] {
  const ys = labels.map((l) => l.y);
  const order = labels.map((_, i) => i).sort((a, b) => ys[a] - ys[b]);
  order.forEach((i, k) => {
    for (const j of order.slice(0, k)) {
      const [a, b] = [labels[i], labels[j]];
      const apart = a.x + a.right + gap < b.x - b.left || b.x + b.right + gap < a.x - a.left;
      if (!apart && ys[i] - ys[j] < line) ys[i] = ys[j] + line;
    }
  });
  return ys;
}
