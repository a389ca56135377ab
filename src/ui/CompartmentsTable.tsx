/**
 * Each compartment's D_k and d_k for the current settings, computed here with the
 * engine's planCompartments (pure), so the table updates as d, the scheme or the
 * allocation change, before and during a run; and its effective step scale η·d_k/D_k.
 */
import { stepScale } from '../subspace/compartments';
import type { PlanPreview } from '../state/plan';

const MAX_ROWS = 48;

export function CompartmentsTable({ plan, lr }: { plan: PlanPreview; lr: number }) {
  if (plan.problem) return <p className="field-error" role="alert" data-testid="compartments-problem">{plan.problem}</p>;
  const { compartments } = plan;
  if (!compartments.length) return null;
  return (
    <div className="table-wrap">
      <table className="compact" data-testid="compartments-table" data-k={compartments.length}>
        <caption>K = {compartments.length} compartment{compartments.length > 1 ? 's' : ''}</caption>
        <thead><tr><th scope="col">k</th><th scope="col">parameters</th><th scope="col">D_k</th><th scope="col">d_k</th><th scope="col" title="The expected step is this fraction of the gradient step: E[P_k·P_kᵀ] = (d_k/D_k)·I">η·d_k/D_k</th></tr></thead>
        <tbody>
          {compartments.slice(0, MAX_ROWS).map((c) => (
            <tr key={c.index}>
              <td>{c.index}</td><td>[{c.start.toLocaleString()}, {c.end.toLocaleString()})</td>
              <td>{c.size.toLocaleString()}</td><td>{c.dirs.toLocaleString()}</td><td data-testid={`step-scale-${c.index}`}>{stepScale(lr, c).toPrecision(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {compartments.length > MAX_ROWS && <p className="meta">… and {(compartments.length - MAX_ROWS).toLocaleString()} more</p>}
    </div>
  );
}
