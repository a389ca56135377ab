/**
 * What the method picture shows before its drawing code arrives (src/ui/lazy-panels.tsx):
 * its size, its controls and its legend, shared by the picture and its placeholder so the
 * two take the same room and nothing below them moves when the picture lands.
 */
import { useMemo } from 'react';
import { useWidth } from '../use-width';
import { finalLosses, toyPaths, TOY_DEFAULTS, TOY_METHODS, type ToyMethod } from './toy';

export const METHOD_COLOR: Record<ToyMethod, string> = { sgd: '#009e73', fpd: '#d55e00', rbd: '#0072b2' };
export const METHOD_LABEL: Record<ToyMethod, string> = { sgd: 'SGD', fpd: 'FPD', rbd: 'RBD' };

/** The figure's size in pixels for the width its box measures. */
export function figureSize(measured: number): { width: number; height: number } {
  const width = Math.max(260, Math.min(measured, 640));
  return { width, height: Math.round(Math.min(440, Math.max(340, width * 0.72))) };
}

/** A loss as the figure prints it: two significant digits, or "diverged". */
export function formatLoss(x: number): string {
  if (!Number.isFinite(x) || x > 1e6) return 'diverged';
  return x >= 0.01 ? x.toPrecision(2) : x.toExponential(1);
}

interface ControlsProps {
  d: 1 | 2;
  playing: boolean;
  step: number;
  steps: number;
  /** What the controls do; without it they are shown disabled (the placeholder). */
  act?: { redraw: () => void; setD: (d: 1 | 2) => void; play: () => void; seek: (step: number) => void };
}

export function MethodControls({ d, playing, step, steps, act }: ControlsProps) {
  const off = !act;
  return (
    <div className="row wrap method-controls">
      <button type="button" data-testid="method-redraw" disabled={off} onClick={act?.redraw}
        title="Draw the next plane (redraw epoch r + 1): FPD's fixed one and RBD's sequence both change">↻ Redraw</button>
      <span className="segmented" role="group" aria-label="Subspace dimension d">
        {([1, 2] as const).map((k) => (
          <button key={k} type="button" aria-pressed={d === k} data-testid={`method-d-${k}`} disabled={off} onClick={() => act?.setD(k)}>
            d = {k} ({k === 1 ? 'line' : 'plane'})
          </button>
        ))}
      </span>
      <button type="button" data-testid="method-play" aria-pressed={playing} disabled={off} title={playing ? 'Pause' : 'Play the steps'} onClick={act?.play}>
        {playing ? '❚❚' : '▶'}
      </button>
      <label className="row method-step">
        Step
        <input type="range" min={0} max={steps} value={step} data-testid="method-step-slider" disabled={off}
          onChange={(e) => act?.seek(Number(e.target.value))} />
        <span className="method-count">{step}/{steps}</span>
      </label>
    </div>
  );
}

export function MethodLegend({ steps, losses }: { steps: number; losses: Record<ToyMethod, number> }) {
  return (
    <p className="meta method-legend">
      L(θ) = ½θᵀAθ, condition number 20, D = 3; after {steps} steps:{' '}
      {TOY_METHODS.map((m) => (
        <span key={m} className="inline" data-testid={`method-final-${m}`}>
          <span className="swatch" style={{ background: METHOD_COLOR[m] }} />{METHOD_LABEL[m]} {formatLoss(losses[m])}
        </span>
      ))}
    </p>
  );
}

/** The picture's stand-in while its code loads: its heading, an empty box of the figure's size, its controls (disabled) and its legend. */
export function MethodPictureWaiting() {
  const [ref, measured] = useWidth(480);
  const losses = useMemo(() => finalLosses(toyPaths(TOY_DEFAULTS), TOY_DEFAULTS.steps), []);
  return (
    <section className="method-picture" aria-labelledby="method-h" aria-busy="true" data-testid="waiting-method-picture">
      <h2 id="method-h">The picture of the method</h2>
      <div className="method-figure" ref={ref}><div className="waiting" style={{ height: figureSize(measured).height }} /></div>
      <MethodControls d={TOY_DEFAULTS.d} playing={false} step={TOY_DEFAULTS.steps} steps={TOY_DEFAULTS.steps} />
      <MethodLegend steps={TOY_DEFAULTS.steps} losses={losses} />
    </section>
  );
}
