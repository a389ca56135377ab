/**
 * The one store, built from slices (zustand docs, "slices pattern"), with middleware
 * applied once on the combined store. Vanilla (no React) so the controller, the event
 * reducer and the tests use it directly; components read it through ui/use-app.ts.
 */
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { createConfigSlice, type ConfigSlice } from './config-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createMetricsSlice, type MetricsSlice } from './metrics-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createSweepSlice, type SweepSlice } from './sweep-slice';

export type AppState = ConfigSlice & RunsSlice & MetricsSlice & SessionSlice & SweepSlice;
/** The middleware stack every slice is typed against. */
export type Middlewares = [['zustand/subscribeWithSelector', never]];

// subscribeWithSelector lets URL sync and persistence watch one part of the state.
export const createAppStore = () =>
  createStore<AppState>()(
    subscribeWithSelector((...a) => ({
      ...createConfigSlice(...a),
      ...createRunsSlice(...a),
      ...createMetricsSlice(...a),
      ...createSessionSlice(...a),
      ...createSweepSlice(...a),
    })),
  );

export type AppStore = ReturnType<typeof createAppStore>;

/** The page's store. Tests make their own with createAppStore(). */
export const appStore: AppStore = createAppStore();
