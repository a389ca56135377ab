/** confusion[true][predicted] as a shaded table, rows normalised, so mistakes stand out whatever the class sizes. */
import { DATASET_META } from '../experiment/datasets';
import { BEFORE_EVALUATION } from './insight-waiting';
import { useApp } from './use-app';

export function ConfusionMatrix({ runId }: { runId: string }) {
  const predictions = useApp((s) => s.views[runId]?.predictions);
  const dataset = useApp((s) => s.runs.find((r) => r.id === runId)?.config.dataset);
  if (!predictions || !dataset) return <p className="meta">{BEFORE_EVALUATION.confusion}</p>;
  const names = DATASET_META[dataset].classNames;
  const { confusion, step } = predictions;
  return (
    <div className="table-wrap">
      <table className="confusion" data-testid="confusion-matrix" data-step={step}>
        <caption>Confusion at step {step.toLocaleString()} (rows: true class, columns: predicted)</caption>
        <thead><tr><th />{confusion.map((_, j) => <th key={j} scope="col" title={names[j]}>{j}</th>)}</tr></thead>
        <tbody>
          {confusion.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th scope="row" title={names[i]}>{i}</th>
                {row.map((count, j) => {
                  const share = count / total;
                  const hue = i === j ? '150 60% 35%' : '0 70% 50%';
                  return <td key={j} title={`${names[i]} → ${names[j]}: ${count}`} style={{ background: `hsl(${hue} / ${share.toFixed(3)})` }}>{count || ''}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
