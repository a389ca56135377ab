/**
 * `/?bench=<flags>`: runs the benchmark in this page (src/bench/browser.ts, loaded only
 * here, with TensorFlow.js) and shows its progress and table. `npm run bench -- --browser`
 * opens it headless and reads window.__bench.
 */
import { useEffect, useRef, useState } from 'react';
import type { BenchPageState } from '../bench/browser';

export function BenchPage({ flags }: { flags: string }) {
  const [state, setState] = useState<BenchPageState>({ log: [] });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const page: BenchPageState = { log: [] };
    window.__bench = page;
    const show = () => setState({ ...page, log: [...page.log] });
    const log = (line: string) => { page.log.push(`${(performance.now() / 1000).toFixed(0)} s  ${line}`); show(); };
    log(`bench ${flags || '(defaults)'}`);
    import('../bench/browser')
      .then((m) => m.runBrowserBench(flags, log))
      .then(({ result, table }) => { page.result = result; page.table = table; log('done'); })
      .catch((e: Error) => { page.error = e.message; log(`failed: ${e.message}`); });
  }, [flags]);
  return (
    <main className="app">
      <h1>Random Bases Playground: benchmark</h1>
      <pre data-testid="bench-log">{state.log.join('\n')}</pre>
      {state.table && <pre data-testid="bench-table">{state.table}</pre>}
      {state.error && <p role="alert" className="field-error">{state.error}</p>}
    </main>
  );
}
