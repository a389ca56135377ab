/**
 * Reading and writing an experiment with the field table: from a link's query, from the
 * command line's flags, or from values edited in memory. Whatever is rejected is
 * reported per field with the value used instead (docs/design.md §10), so NaN or an
 * out-of-range number never gets past here.
 */
import { planArch } from './arch';
import { DATASET_META } from './datasets';
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS, fieldOf, type ConfigKey, type ExperimentConfig, type FieldSpec, type Side } from './fields';
import { applyMethodRules } from './rules';
import { problemOf } from './values';

/** One rejected value: which field, what was wrong, and what was used instead (null: the key was ignored). */
export interface ConfigError {
  field: string;
  message: string;
  defaultUsed: string | null;
}

const where: Record<Exclude<Side, 'both'>, string> = { url: 'a setting of the page, not a command-line flag', cli: 'a command-line flag, not a setting of the page' };

/**
 * Reads (key, text) pairs, as a link or the command line gives them, for `side`. Every
 * problem yields one ConfigError and the field keeps its default; the result is always
 * a complete, valid config.
 */
export function parseFields(pairs: Iterable<[string, string]>, side: Exclude<Side, 'both'>): { config: ExperimentConfig; errors: ConfigError[] } {
  const config: ExperimentConfig = { ...DEFAULT_CONFIG };
  const errors: ConfigError[] = [];
  /** Rejected values, whose message names the value used instead once dependent defaults are known. */
  const rejected: { key: ConfigKey; message: string }[] = [];
  const given = new Set<string>();
  const set = config as unknown as Record<string, unknown>;
  for (const [key, raw] of pairs) {
    const spec = fieldOf(key);
    if (!spec) { errors.push({ field: key, message: `unknown setting '${key}'; ignored`, defaultUsed: null }); continue; }
    if (spec.side !== 'both' && spec.side !== side) { errors.push({ field: key, message: `'${key}' is ${where[spec.side]}; ignored`, defaultUsed: null }); continue; }
    if (given.has(key) || rejected.some((r) => r.key === key)) { errors.push({ field: key, message: 'given more than once; the first value was kept', defaultUsed: null }); continue; }
    try {
      set[key] = spec.parse(raw);
      given.add(key);
    } catch (e) {
      rejected.push({ key: key as ConfigKey, message: problemOf(e, key) });
    }
  }
  const rules = crossCheck(config);
  for (const key of CONFIG_KEYS) {
    const spec = FIELDS[key] as FieldSpec<unknown>;
    if (spec.defaultFor && !given.has(key)) set[key] = spec.defaultFor(config);
  }
  const used = (key: ConfigKey) => (FIELDS[key] as FieldSpec<unknown>).format(set[key]);
  return { config, errors: [...errors, ...rejected.map(({ key, message }) => ({ field: key, message, defaultUsed: used(key) })), ...rules] };
}

/** Reads a query string ('?a=b&…' or 'a=b&…') of a link. */
export const parseConfig = (query: string) => parseFields(new URLSearchParams(query.replace(/^[?#]/, '')), 'url');

/** Rules between fields, applied in place. */
function crossCheck(config: ExperimentConfig): ConfigError[] {
  const errors: ConfigError[] = [];
  try { planArch(config.arch, config.dataset); } catch (e) {
    const meta = DATASET_META[config.dataset];
    errors.push({ field: 'arch', message: `'${config.arch}' does not fit ${meta.label} (${meta.inputShape.join('×')}, ${meta.classes} classes): ${(e as Error).message}`, defaultUsed: 'fc' });
    config.arch = 'fc'; // the paper's FC flattens its input, so it fits every dataset
  }
  errors.push(...applyMethodRules(config));
  return errors;
}

/** The canonical query string of a link: every page field, in table order, readable (':' and ',' stay unescaped). */
export function serializeConfig(config: ExperimentConfig): string {
  // Every field is written, defaults too, so a link keeps its meaning if a default changes.
  return CONFIG_KEYS.filter((k) => FIELDS[k].side !== 'cli').map((k) => {
    const text = (FIELDS[k] as FieldSpec<unknown>).format(config[k]);
    return `${k}=${encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
  }).join('&');
}

/** Re-validates a config edited in memory (a control, a preset) with the same rules as a link. */
export const checkConfig = (config: ExperimentConfig) => parseConfig(serializeConfig(config));
