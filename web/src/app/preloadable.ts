import { createElement, lazy, useState, type ComponentType } from 'react';

/**
 * `React.lazy` that can be loaded ahead and then renders at once. A lazy component suspends on
 * its first render even when its chunk is already here, and the Suspense fallback that commits
 * then would wipe the first view the server sent (src/web/first-view.ts) for a moment. main.tsx
 * preloads the chunks of the page the server rendered, so the app's first render is that page.
 * Each mounted instance keeps the component it started with, so nothing remounts once loaded.
 */
export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (m) => {
        loaded = m.default;
        return m;
      },
      (e: unknown) => {
        pending = null; // a chunk that failed (no signal) is asked for again next time
        throw e;
      },
    ));
  const Lazy = lazy(preload);
  function Preloadable(props: P) {
    const [Component] = useState<ComponentType<P>>(() => loaded ?? (Lazy as unknown as ComponentType<P>));
    return createElement(Component, props);
  }
  return Object.assign(Preloadable, { preload });
}
