/**
 * The picture of the method, live: a three-parameter quadratic where SGD, FPD and RBD
 * start together with one η. The reader turns the figure by dragging, redraws the plane
 * and slides through the steps; everything is recomputed on the page from the engine's
 * CPU subspace math (src/ui/method-picture/toy.ts), with no GPU and no worker.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Figure } from './method-picture/Figure';
import { figureSize, MethodControls, MethodLegend, METHOD_COLOR } from './method-picture/frame';
import { buildScene } from './method-picture/scene';
import { centredOn } from './method-picture/view';
import { toyLoss, toyPaths, TOY_DEFAULTS } from './method-picture/toy';
import { useWidth } from './use-width';

const START_VIEW = { yaw: 0.55, pitch: 0.42 };
const PITCH_LIMIT = 1.45;
/** Half the width of the drawn scene, in units of θ. */
const EXTENT = 1.9;
/** Loss levels outlined: the start's, and two on the way down. */
const LEVELS = [1, 1 / 6, 1 / 50].map((f) => f * toyLoss(TOY_DEFAULTS.start));
/** Milliseconds per step when the steps play. */
const TICK = 80;

export function MethodPicture() {
  const [d, setD] = useState<1 | 2>(TOY_DEFAULTS.d);
  const [redraw, setRedraw] = useState(TOY_DEFAULTS.redraw);
  const [step, setStep] = useState(TOY_DEFAULTS.steps);
  const [playing, setPlaying] = useState(false);
  const [view, setView] = useState(START_VIEW);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [wrapRef, measured] = useWidth(480);

  const settings = useMemo(() => ({ ...TOY_DEFAULTS, d, redraw }), [d, redraw]);
  const paths = useMemo(() => toyPaths(settings), [settings]);
  const scene = useMemo(() => buildScene(settings, paths, step), [settings, paths, step]);
  useEffect(() => {
    if (!playing) return;
    if (step >= settings.steps) { setPlaying(false); return; }
    const timer = setTimeout(() => setStep(step + 1), TICK);
    return () => clearTimeout(timer);
  }, [playing, step, settings.steps]);
  const play = () => {
    if (!playing && step >= settings.steps) setStep(0);
    setPlaying(!playing);
  };

  const { width, height } = figureSize(measured);
  // The middle of the screen (below the caption) shows the middle of the way from θ_0 to the minimum.
  const middle = useMemo(() => TOY_DEFAULTS.start.map((x) => x / 2), []);
  const cam = centredOn({ ...view, scale: Math.min(width, height) / (2 * EXTENT), cx: 0, cy: 0 }, middle, width / 2, height / 2 + 14);

  const turn = (dx: number, dy: number) =>
    setView((v) => ({ yaw: v.yaw - dx * 0.01, pitch: Math.max(-PITCH_LIMIT, Math.min(PITCH_LIMIT, v.pitch + dy * 0.01)) }));
  const onPointerDown = (e: PointerEvent) => {
    drag.current = { x: e.clientX, y: e.clientY };
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!drag.current) return;
    turn(e.clientX - drag.current.x, e.clientY - drag.current.y);
    drag.current = { x: e.clientX, y: e.clientY };
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const by: Record<string, [number, number]> = { ArrowLeft: [-12, 0], ArrowRight: [12, 0], ArrowUp: [0, -12], ArrowDown: [0, 12] };
    if (!by[e.key]) return;
    e.preventDefault();
    turn(...by[e.key]);
  };

  return (
    <section className="method-picture" aria-labelledby="method-h" data-testid="method-picture"
      data-d={d} data-redraw={redraw} data-step={scene.step} data-steps={settings.steps}
      data-final-sgd={scene.finalLosses.sgd} data-final-fpd={scene.finalLosses.fpd} data-final-rbd={scene.finalLosses.rbd}>
      <h2 id="method-h">The picture of the method</h2>
      <div className="method-figure" ref={wrapRef}>
        <p className="method-caption">
          Same start, same η. <b style={{ color: METHOD_COLOR.rbd }}>RBD</b> steps in a new random {d === 2 ? 'plane' : 'line'} each
          step and reaches the minimum; <b style={{ color: METHOD_COLOR.fpd }}>FPD</b> keeps its first one and stalls.
        </p>
        <div className="method-canvas" tabIndex={0} role="img" data-testid="method-canvas"
          aria-label={`Paths of SGD, FPD and RBD on a 3-parameter quadratic at step ${scene.step}; drag or use the arrow keys to turn`}
          onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={() => (drag.current = null)}
          onPointerCancel={() => (drag.current = null)} onKeyDown={onKeyDown}>
          <Figure scene={scene} paths={paths} cam={cam} width={width} height={height} levels={LEVELS} />
        </div>
        <p className="method-hint">drag to turn · RBD’s plane: r = {scene.epoch}</p>
      </div>
      <MethodControls d={d} playing={playing} step={scene.step} steps={settings.steps}
        act={{ redraw: () => setRedraw((r) => r + 1), setD, play, seek: (t) => { setPlaying(false); setStep(t); } }} />
      <MethodLegend steps={settings.steps} losses={scene.finalLosses} />
    </section>
  );
}
