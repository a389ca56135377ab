/**
 * The drawing of the method picture: level-set outlines of L, the axes, FPD's fixed
 * plane, the three paths up to step t (their remainder faint), RBD's current plane at
 * its point, and there the full-gradient step beside the projected one. SVG in real
 * pixels (the viewBox follows the element's width), so text keeps its size on a phone.
 */
import { A_INV, TOY_METHODS, type ToyMethod, type ToyPaths } from './toy';
import { formatLoss, METHOD_COLOR, METHOD_LABEL } from './frame';
import type { Scene } from './scene';
import { levelOutline, pathData, patch, projector, separate, type Camera, type Vec3 } from './view';

/** How far the labels sit from each method's point, so that they part at step 0. */
const LABEL_OFFSET: Record<ToyMethod, [number, number]> = { sgd: [10, -10], fpd: [10, 14], rbd: [-10, 16] };
const AXIS = 2;
/** About the width of one character of a label (12px, bold), for keeping labels apart. */
const CHAR_WIDTH = 7.2;
/** On screen the full-gradient step is this long (θ units); the projected one keeps its ratio to it. */
const ARROW_LENGTH = 0.6;
/** Below this |∇L| the arrows shrink with it, so that they vanish at the minimum. */
const SMALL_GRADIENT = 0.5;
/** Arrows shorter than this many pixels go unlabelled. */
const LABEL_MIN = 30;

interface FigureProps {
  scene: Scene;
  paths: ToyPaths;
  cam: Camera;
  width: number;
  height: number;
  /** The loss levels outlined, largest first. */
  levels: readonly number[];
}

/** A line from a to b with a filled head at b, in screen pixels. */
function Arrow({ a, b, color, testId, label }: { a: [number, number]; b: [number, number]; color: string; testId: string; label: string }) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = Math.hypot(dx, dy);
  if (len < 1) return null;
  const [ux, uy] = [dx / len, dy / len];
  const h = Math.min(9, len * 0.5);
  const head = `M${b[0]} ${b[1]}L${b[0] - h * ux + 0.5 * h * uy} ${b[1] - h * uy - 0.5 * h * ux}L${b[0] - h * ux - 0.5 * h * uy} ${b[1] - h * uy + 0.5 * h * ux}Z`;
  return (
    <g data-testid={testId}>
      <line x1={a[0]} y1={a[1]} x2={b[0] - 0.8 * h * ux} y2={b[1] - 0.8 * h * uy} stroke={color} strokeWidth={2.5} />
      <path d={head} fill={color} />
      {len >= LABEL_MIN && <text x={b[0] + 6 * ux} y={b[1] + 6 * uy} dy={uy > 0 ? 10 : 0} textAnchor={ux < 0 ? 'end' : 'start'} fill={color} className="method-note">{label}</text>}
    </g>
  );
}

export function Figure({ scene, paths, cam, width, height, levels }: FigureProps) {
  const at = projector(cam);
  const finite = (p: Vec3) => p.every((v) => Number.isFinite(v) && Math.abs(v) < 1e3);
  const line = (ps: readonly Vec3[]) => pathData(ps.filter(finite).map(at));
  const theta = scene.points.rbd;
  // Steps shrink by orders of magnitude on the way, so the arrows show the direction at one
  // length until ∇L is small; both share one gain, so their ratio is the true one.
  const gain = (ARROW_LENGTH * Math.min(1, scene.gradientNorm / SMALL_GRADIENT)) / Math.hypot(...scene.gradientStep);
  const plus = (v: Vec3) => theta.map((x, j) => x + gain * v[j]);
  // RBD's plane is drawn around its step, so that the step arrow lies inside it.
  const stepLength = Number.isFinite(gain) ? gain * Math.hypot(...scene.subspaceStep) : 0;
  const planeCentre = stepLength ? theta.map((x, j) => x + 0.5 * gain * scene.subspaceStep[j]) : theta;
  const here = at(theta);
  const d = scene.basis.length;
  // Every label on the figure, so that they can be kept apart: the three methods, the start, the minimum.
  const named: { key: string; p: Vec3; text: string; off: readonly [number, number]; fill: string; note?: boolean }[] = [
    ...TOY_METHODS.map((m) => ({ key: m, p: scene.points[m], text: `${METHOD_LABEL[m]} ${formatLoss(scene.losses[m])}`, off: LABEL_OFFSET[m], fill: METHOD_COLOR[m] })),
    { key: 'start', p: paths.sgd[0], text: 'start', off: [-8, -6], fill: 'var(--ink)', note: true },
    { key: 'min', p: [0, 0, 0], text: 'min', off: [-8, -8], fill: 'var(--ink)', note: true },
  ];
  const labels = named.filter((l) => finite(l.p)).map((l) => {
    const [px, py] = at(l.p);
    const w = CHAR_WIDTH * l.text.length;
    return { ...l, x: px + l.off[0], y: py + l.off[1], left: l.off[0] < 0 ? w : 0, right: l.off[0] < 0 ? 0 : w };
  });
  const labelY = separate(labels, 15);
  const fpdEnd = paths.fpd[paths.fpd.length - 1];
  const fpdCentre = finite(fpdEnd) ? paths.fpd[0].map((x, j) => (x + fpdEnd[j]) / 2) : paths.fpd[0];
  const plane = (p: Vec3, phi: number[][], h: number) => pathData(patch(p, phi, h).map(at), d === 2);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="method-svg">
      {levels.map((level, i) => (
        <path key={level} d={pathData(levelOutline(cam, A_INV, level), true)} fill={i === levels.length - 1 ? 'var(--grid)' : 'none'}
          stroke="var(--line)" strokeWidth={1} />
      ))}
      {[0, 1, 2].map((k) => {
        const end = [0, 0, 0].map((_, j) => (j === k ? AXIS : 0));
        const [x, y] = at(end);
        return (
          <g key={k} className="method-axis">
            <path d={line([end.map((v) => -v), end])} />
            <text x={x} y={y} dx={4} dy={4}>θ{'₁₂₃'[k]}</text>
          </g>
        );
      })}
      <path d={plane(fpdCentre, scene.fixedBasis, 1.2)} fill={METHOD_COLOR.fpd} fillOpacity={0.07}
        stroke={METHOD_COLOR.fpd} strokeDasharray="4 3" strokeWidth={d === 2 ? 1 : 2} data-testid="method-fixed-plane" />

      {TOY_METHODS.map((m) => (
        <g key={m} data-testid={`method-path-${m}`} data-points={scene.step + 1} data-final-loss={scene.finalLosses[m]}>
          <path d={line(paths[m])} fill="none" stroke={METHOD_COLOR[m]} strokeOpacity={0.22} strokeWidth={1.5} />
          <path d={line(paths[m].slice(0, scene.step + 1))} fill="none" stroke={METHOD_COLOR[m]} strokeWidth={2.5}
            strokeLinejoin="round" strokeDasharray={m === 'sgd' ? '6 3' : undefined} />
        </g>
      ))}

      <path d={plane(planeCentre, scene.basis, Math.min(0.9, Math.max(0.55, 0.7 * stepLength)))} fill={METHOD_COLOR.rbd} fillOpacity={d === 2 ? 0.16 : 0}
        stroke={METHOD_COLOR.rbd} strokeWidth={d === 2 ? 1 : 3} strokeOpacity={0.7} data-testid="method-plane"
        data-basis={JSON.stringify(scene.basis.map((v) => v.map((x) => +x.toFixed(6))))} data-epoch={scene.epoch} />
      {finite(theta) && Number.isFinite(gain) && <>
        <Arrow a={here} b={at(plus(scene.gradientStep))} color={METHOD_COLOR.sgd} testId="method-gradient" label="−∇L" />
        <Arrow a={here} b={at(plus(scene.subspaceStep))} color={METHOD_COLOR.rbd} testId="method-step" label="−PPᵀ∇L" />
      </>}

      <circle cx={cam.cx} cy={cam.cy} r={3} fill="var(--ink)" />
      <circle cx={at(paths.sgd[0])[0]} cy={at(paths.sgd[0])[1]} r={4} fill="var(--panel)" stroke="var(--ink)" strokeWidth={1.5} />
      {TOY_METHODS.filter((m) => finite(scene.points[m])).map((m) => (
        <circle key={m} cx={at(scene.points[m])[0]} cy={at(scene.points[m])[1]} r={4.5} fill={METHOD_COLOR[m]} stroke="var(--panel)" strokeWidth={1.5} />
      ))}
      {labels.map((l, i) => (
        <text key={l.key} x={l.x} y={labelY[i]} textAnchor={l.left ? 'end' : 'start'} fill={l.fill} className={l.note ? 'method-note' : undefined}>{l.text}</text>
      ))}
    </svg>
  );
}
