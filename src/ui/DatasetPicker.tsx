/**
 * Dataset choice, and for the file-based sets three ways in: a file picker, a drop zone
 * and a URL field. Files and URLs go to the worker untouched; it reads them and names
 * the file and the problem if one is not what it claims (docs/design.md §7).
 */
import { useState, type DragEvent } from 'react';
import { DATASET_META, DATASETS } from '../experiment/datasets';
import type { FileDatasetId } from '../train/protocol';
import { ConfigSelect } from './ConfigInput';
import { LiveNote } from './LiveNote';
import { useApp, useController } from './use-app';

export function DatasetPicker() {
  const dataset = useApp((s) => s.config.dataset);
  const meta = DATASET_META[dataset];
  const labels = Object.fromEntries(DATASETS.map((d) => [d, DATASET_META[d].label]));
  return (
    <section className="panel-section" aria-labelledby="dataset-h">
      <h3 id="dataset-h">Data</h3>
      <ConfigSelect name="dataset" labels={labels} note={<LiveNote name="dataset" />} />
      <p className="meta" data-testid="dataset-meta">
        {meta.inputShape.join('×')} inputs, {meta.classes} classes{meta.source === 'synthetic' ? ', generated from the seed' : ''}
      </p>
      {meta.source === 'file' && <FileLoader dataset={dataset as FileDatasetId} />}
    </section>
  );
}

function FileLoader({ dataset }: { dataset: FileDatasetId }) {
  const controller = useController();
  const loaded = useApp((s) => s.datasets[dataset]);
  const [url, setUrl] = useState('');
  const [over, setOver] = useState(false);
  const meta = DATASET_META[dataset];
  const send = (files: File[]) => { if (files.length) controller.loadDataset(dataset, { files }); };
  const onDrop = (e: DragEvent) => { e.preventDefault(); setOver(false); send([...e.dataTransfer.files]); };
  const urls = url.split(/[\s,]+/).filter(Boolean);
  return (
    <div className="file-loader">
      <p className="meta">Needs: {meta.files}</p>
      <div
        className={`drop-zone${over ? ' over' : ''}`} data-testid="dataset-drop" role="group" aria-label={`Drop ${meta.label} files here`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}
      >
        Drop the files here, or
        <label className="button-like">
          choose files
          <input type="file" multiple className="sr-only" data-testid="dataset-file" onChange={(e) => send([...(e.target.files ?? [])])} />
        </label>
      </div>
      <form className="row" onSubmit={(e) => { e.preventDefault(); if (urls.length) controller.loadDataset(dataset, { urls }); }}>
        <label htmlFor="dataset-url" className="sr-only">File URLs or a folder URL ending in /</label>
        <input id="dataset-url" type="url" placeholder="https://…/ (folder) or file URLs" value={url}
          title="One URL per file, or a folder URL ending in / that holds the standard file names"
          onChange={(e) => setUrl(e.target.value)} data-testid="dataset-url" />
        <button type="submit" disabled={!urls.length}>Load</button>
      </form>
      <p className="meta" data-testid="dataset-status" aria-live="polite">
        {loaded ? `Loaded ${loaded.trainSize.toLocaleString()} train / ${loaded.testSize.toLocaleString()} test from ${loaded.source}` : 'Not loaded yet.'}
      </p>
    </div>
  );
}
