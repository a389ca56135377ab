/** Entry point: probes WebGPU, renders the app and exposes the test API. */
import { createRoot } from 'react-dom/client';
import { App, type GpuStatus } from './ui/App';
import { getDevice } from './engine/device';
import { philoxSelfTest } from './engine/selftest';
import { installTestApi } from './testing/api';

const root = createRoot(document.getElementById('root')!);
const render = (gpu: GpuStatus) => root.render(<App gpu={gpu} />);
render({ state: 'probing' });

getDevice('page').then(
  ({ device, adapterName }) => {
    installTestApi({ adapterName, philoxSelfTest: () => philoxSelfTest(device) });
    render({ state: 'ready', adapterName });
  },
  (e: Error) => {
    installTestApi({ adapterName: null, error: e.message });
    render({ state: 'missing', message: e.message });
  },
);
