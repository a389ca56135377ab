/** Rows of conv blocks for the architecture builder: filters, kernel, 'same' padding, pool. */
import type { ConvBlock } from '../nn/model';
import { ARCH_LIMITS } from '../experiment/arch';

export function CnnBlocks({ blocks, onChange }: { blocks: ConvBlock[]; onChange: (b: ConvBlock[]) => void }) {
  const set = (i: number, patch: Partial<ConvBlock>) => onChange(blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const num = (text: string, max: number) => Math.min(max, Math.max(1, Math.floor(Number(text)) || 1));
  return (
    <div className="cnn-blocks" data-testid="arch-blocks">
      {blocks.map((b, i) => (
        <div className="row wrap block" key={i}>
          <span className="meta">conv {i + 1}</span>
          <label>filters <input type="number" min={1} max={ARCH_LIMITS.maxFilters} value={b.filters} onChange={(e) => set(i, { filters: num(e.target.value, ARCH_LIMITS.maxFilters) })} /></label>
          <label>kernel <input type="number" min={1} max={ARCH_LIMITS.maxKernel} value={b.kernel} onChange={(e) => set(i, { kernel: num(e.target.value, ARCH_LIMITS.maxKernel) })} /></label>
          <label title="'same' padding keeps the spatial size (odd kernels only)">
            <input type="checkbox" checked={b.padding === 'same'} onChange={(e) => set(i, { padding: e.target.checked ? 'same' : undefined })} /> same
          </label>
          <label title="2×2 max-pool after this block"><input type="checkbox" checked={b.pool} onChange={(e) => set(i, { pool: e.target.checked })} /> pool</label>
          <button type="button" aria-label={`Remove conv block ${i + 1}`} disabled={blocks.length === 1} onClick={() => onChange(blocks.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      {blocks.length < ARCH_LIMITS.maxLayers && (
        <button type="button" onClick={() => onChange([...blocks, { filters: 32, kernel: 3, pool: false }])}>+ conv block</button>
      )}
    </div>
  );
}
