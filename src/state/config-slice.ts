/**
 * Config slice: the shareable experiment (what the URL carries) and the messages about
 * values that were rejected. Every write goes through the same validation as a URL, so
 * the config in the store is always complete and valid.
 */
import type { StateCreator } from 'zustand/vanilla';
import { checkConfig, parseConfig, type ConfigError } from '../experiment/config';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/fields';
import { afterMethodChange } from '../experiment/rules';
import type { AppState, Middlewares } from './store';

export interface ConfigSlice {
  config: ExperimentConfig;
  /** Per-field messages from the last URL read or edit; shown next to the controls. */
  configErrors: ConfigError[];
  /** Merges a patch, validates it and returns the problems (each field that failed keeps its default). */
  setConfig(patch: Partial<ExperimentConfig>): ConfigError[];
  /** Replaces the config with a parsed query string (a URL, a preset link, the test API). */
  applyQuery(query: string): ConfigError[];
  dismissConfigError(field: string): void;
}

export const createConfigSlice: StateCreator<AppState, Middlewares, [], ConfigSlice> = (set, get) => ({
  config: DEFAULT_CONFIG,
  configErrors: [],
  setConfig(patch) {
    const before = get().config;
    const { config, errors } = checkConfig(afterMethodChange(before, { ...before, ...patch }, Object.keys(patch)));
    // Keep messages about fields this edit did not touch, replace those it did.
    const touched = new Set([...Object.keys(patch), ...errors.map((e) => e.field)]);
    set({ config, configErrors: [...get().configErrors.filter((e) => !touched.has(e.field)), ...errors] });
    return errors;
  },
  applyQuery(query) {
    const { config, errors } = parseConfig(query);
    set({ config, configErrors: errors });
    return errors;
  },
  dismissConfigError(field) {
    set({ configErrors: get().configErrors.filter((e) => e.field !== field) });
  },
});
