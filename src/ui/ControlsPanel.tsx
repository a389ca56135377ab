/** The left column: everything that defines the experiment, in the order a user decides it. */
import { ArchBuilder } from './ArchBuilder';
import { DatasetPicker } from './DatasetPicker';
import { SubspaceControls } from './SubspaceControls';
import { TrainingControls } from './TrainingControls';

export function ControlsPanel() {
  return (
    <aside className="controls" aria-label="Experiment settings" data-testid="controls">
      <DatasetPicker />
      <ArchBuilder />
      <SubspaceControls />
      <TrainingControls />
    </aside>
  );
}
