/**
 * A component whose code loads on first use (React.lazy), with a placeholder of the same
 * size until it arrives, so nothing on the page moves. A load that fails throws into the
 * panel's error boundary (PanelBoundary), which says so; its "Reset this panel" then
 * tries the load again, where React.lazy alone would keep the failure for good.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';

export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>, Placeholder: ComponentType<P>): ComponentType<P> {
  const fresh = (): LazyExoticComponent<ComponentType<P>> => lazy(() => load().then(
    (component) => ({ default: component }),
    (e: unknown) => { Loaded = fresh(); throw e; },
  ));
  let Loaded = fresh();
  return function LazyPanel(props: P) {
    return <Suspense fallback={<Placeholder {...props} />}><Loaded {...props} /></Suspense>;
  };
}
