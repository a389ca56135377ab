/**
 * The builds a measuring spec compares: this one (served by playwright.config.ts), and
 * optionally another served elsewhere, say the commit before a change (LOAD_COMPARE_URL,
 * with its dist folder in LOAD_COMPARE_DIST). Specs alternate their samples between
 * them, so that on a shared machine both see the same load.
 */
import { cpus, loadavg } from 'node:os';
import type { Browser } from '@playwright/test';

export interface Build {
  /** How the report names it. */
  label: string;
  /** The origin it is served from; '' for this build (the config's baseURL). */
  url: string;
  /** Its dist folder, for chunk sizes; '' when not given. */
  dist: string;
}

export const BUILDS: Build[] = [
  { label: 'this build', url: '', dist: 'dist' },
  ...(process.env.LOAD_COMPARE_URL ? [{ label: `compared (${process.env.LOAD_COMPARE_URL})`, url: process.env.LOAD_COMPARE_URL, dist: process.env.LOAD_COMPARE_DIST ?? '' }] : []),
];

/** Fresh loads per build: one sample on a loaded machine says little. */
export const SAMPLES = Number(process.env.LOAD_SAMPLES ?? 3);

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const ms = (xs: number[]) => `${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`;

/** What the times were taken on: they move with the machine's other work. */
export const machine = (browser: Browser) =>
  `Chromium ${browser.version()}, ${SAMPLES} samples per build, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end`;
