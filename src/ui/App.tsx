/**
 * The page: header (GPU, share), notices, then three columns that fold into one on a
 * phone: the experiment's settings, the run bar, presets, charts and runs, and the
 * insight panel. The UI learns about the GPU only from the store.
 */
import { useEffect, type ReactNode } from 'react';
import { serializeConfig } from '../experiment/config';
import { DEFAULT_CONFIG } from '../experiment/fields';
import type { Controller } from '../state/controller';
import { Charts } from './Charts';
import { ControlsPanel } from './ControlsPanel';
import { GpuBanner } from './GpuBanner';
import { InsightPanel } from './InsightPanel';
import { MethodPicture } from './lazy-panels';
import { Notices } from './Notices';
import { PanelBoundary } from './PanelBoundary';
import { Presets } from './Presets';
import { RunBar } from './RunBar';
import { RoomPanel } from './RoomPanel';
import { RunsList } from './RunsList';
import { ShareBox } from './ShareBox';
import { SweepPanel } from './SweepPanel';
import { ControllerContext, useApp } from './use-app';

/** Space toggles play/pause unless focus is in something that uses the key itself. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'SUMMARY'].includes(el.tagName));
}

export function App({ controller }: { controller: Controller }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      controller.toggle();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [controller]);

  return (
    <ControllerContext.Provider value={controller}>
      <div className="app">
        <header className="top">
          <div>
            <h1>Random Bases Playground</h1>
            <p className="tagline">Train neural networks in low-dimensional random subspaces, on your own GPU.</p>
          </div>
          <GpuBanner />
          <ShareBox />
        </header>
        <Notices />
        <div className="layout">
          <Panel name="Controls"><ControlsPanel /></Panel>
          <main className="center">
            <Panel name="Run"><RunBar /></Panel>
            <Panel name="Charts"><Charts /></Panel>
            <Panel name="Method picture"><MethodPicture /></Panel>
            <Panel name="Sweep"><SweepPanel /></Panel>
            <Panel name="Room"><RoomPanel /></Panel>
            <Panel name="Runs"><RunsList /></Panel>
            <Panel name="Presets"><Presets /></Panel>
          </main>
          <Panel name="Insight"><InsightPanel /></Panel>
        </div>
      </div>
    </ControllerContext.Provider>
  );
}

/** A panel inside its own error boundary. */
function Panel({ name, children }: { name: string; children: ReactNode }) {
  const applyQuery = useApp((s) => s.applyQuery);
  return <PanelBoundary name={name} onResetExperiment={() => applyQuery(serializeConfig(DEFAULT_CONFIG))}>{children}</PanelBoundary>;
}
