"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server-rendered HTML and until React has hydrated, true after. Pages arrive with their data
 * already rendered, so a control can be visible before its handler exists: controls that need scripts stay
 * disabled until then, so an early click is not lost (and a form is not submitted natively, as a GET).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
