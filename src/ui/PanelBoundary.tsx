/**
 * An error boundary around each panel: a panel that throws while rendering shows what
 * failed and two ways out, while every other panel keeps working and training goes on
 * in the worker. The page never goes blank.
 */
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import { useApp } from './use-app';

interface Props {
  /** Shown in the message, e.g. 'Insight'. */
  name: string;
  /** Puts the experiment back to its defaults (the store's, not this panel's). */
  onResetExperiment: () => void;
  children: ReactNode;
}

export class PanelBoundary extends Component<Props, { error: Error | null; generation: number }> {
  override state = { error: null as Error | null, generation: 0 };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`panel '${this.props.name}' failed:`, error, info.componentStack);
  }

  /** A fresh mount of the panel's children (their local state starts over). */
  private retry = () => this.setState((s) => ({ error: null, generation: s.generation + 1 }));

  override render() {
    const { name, onResetExperiment, children } = this.props, { error, generation } = this.state;
    if (!error) return <Fragment key={generation}><Fault panel={name} />{children}</Fragment>;
    return (
      <section className="panel-error" role="alert" data-testid={`panel-error-${name}`}>
        <h2>{name} failed</h2>
        <p className="field-error">{error.message || String(error)}</p>
        <p className="meta">The rest of the page still works, and runs go on training.</p>
        <div className="row wrap">
          <button type="button" data-testid={`panel-reset-${name}`} onClick={this.retry}>Reset this panel</button>
          <button type="button" data-testid={`panel-defaults-${name}`} onClick={() => { onResetExperiment(); this.retry(); }}>Reset the experiment to defaults</button>
        </div>
      </section>
    );
  }
}

/** Throws where the test API asked a panel to fail (window.__playground.failPanel): how e2e proves the boundary holds. */
function Fault({ panel }: { panel: string }) {
  const failing = useApp((s) => s.failPanel === panel);
  if (failing) throw new Error(`${panel}: a failure injected by the test API`);
  return null;
}
