/**
 * React access to the one store and the controller. Components select the smallest
 * slice they need (useShallow for objects), and fast-changing data goes through
 * useThrottled so a 60 Hz metric stream re-renders the charts a few times a second.
 */
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Controller } from '../state/controller';
import { appStore, type AppState } from '../state/store';

export const useApp = <T>(selector: (s: AppState) => T): T => useStore(appStore, selector);
export const useAppShallow = <T>(selector: (s: AppState) => T): T => useStore(appStore, useShallow(selector));

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('useController needs a ControllerContext provider');
  return c;
}

/**
 * The selected value, updated at most every `ms`: the first change shows at once, a
 * burst after it is coalesced into one trailing update.
 */
export function useThrottled<T>(selector: (s: AppState) => T, ms: number): T {
  const pick = useRef(selector);
  pick.current = selector;
  const [value, setValue] = useState(() => selector(appStore.getState()));
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const update = () => { timer = null; last = performance.now(); setValue(() => pick.current(appStore.getState())); };
    const unsubscribe = appStore.subscribe(() => {
      if (timer) return;
      const wait = Math.max(0, last + ms - performance.now());
      timer = setTimeout(update, wait);
    });
    return () => { unsubscribe(); if (timer) clearTimeout(timer); };
  }, [ms]);
  return value;
}
