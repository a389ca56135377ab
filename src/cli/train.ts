/**
 * Headless training on the same engine as the playground (Node + Dawn):
 *   npm run train -- --dataset mnist --arch fc --method sgd --lr 0.125 --epochs 3
 * Prints test accuracy per epoch; writes the curve as CSV/JSON on request.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { getDevice } from '../engine/device';
import { InputError } from '../engine/errors';
import { runCosts } from '../experiment/costs';
import { stepBudget, toRunConfig } from '../experiment/run';
import { helpText, parseArgs } from './args';
import { runCommand } from './command';
import { trainSteps } from './headless';
import { trainInRoom } from './room';
import { ProgressBar } from './progress';
import { resolveExperiment } from './resolve';
import { Trainer } from '../train/trainer';
import { exportCoordinates, importCoordinates } from '../train/coordinates';

async function main(argv: string[]): Promise<number> {
  const { fields, flags: args } = parseArgs(argv);
  if (args.help) { console.log(helpText()); return 0; }
  const { config: experiment, dataset, source } = await resolveExperiment(fields);
  const config = toRunConfig(experiment, dataset.classes);
  const { device, adapterName } = await getDevice('cli');
  device.lost.then((info) => { if (info.reason !== 'destroyed') console.error(`GPU device lost: ${info.message}`); });
  console.log(`device: ${adapterName}`);
  if (experiment.room) {
    // What a room run does not write is refused, not silently skipped.
    for (const flag of ['csv', 'export-coords', 'import-coords', 'eval-every']) {
      if (args[flag] !== undefined) throw new InputError(`--${flag}`, 'does not apply with --room: a room member writes --theta, and its meter with --json');
    }
    return trainInRoom(device, experiment, dataset, {
      nats: args.nats as string | undefined, quorum: Number(args.quorum), deadline: args.deadline as number | undefined,
      hashEvery: Number(args['hash-every']), theta: args.theta as string | undefined, json: args.json as string | undefined,
    });
  }
  const trainer = await Trainer.create(device, dataset, config);
  console.log(`${dataset.name}: ${dataset.train.count} train / ${dataset.test.count} test · ${config.arch.name}: D = ${trainer.plan.D} · ` +
    (config.method === 'sgd' ? 'sgd' : `${config.method}: Σd_k = ${trainer.trainedDims} in ${trainer.compartments.length} compartment(s), redraw ${config.redraw}, ${config.dist}`) +
    ` · η = ${config.lr}, B = ${config.batch}, W = ${config.workers}, seed ${config.seed}`);
  if (config.workers > 1) {
    const costs = runCosts(config.method, trainer.plan.D, trainer.trainedDims, config.workers);
    console.log(`exchanged per step: ${costs.bytesPerStepWorkers} bytes of coordinates (a gradient all-reduce: ${costs.allReduceBytes})`);
  }

  if (args['import-coords']) {
    const file = String(args['import-coords']);
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (e) { throw new InputError(file, `cannot be read: ${(e as Error).message}`); }
    await importCoordinates(trainer, text, file, source);
    const ev = await trainer.evaluate();
    console.log(`imported θ = θ0 + Pĉ from ${args['import-coords']}: test accuracy ${(100 * ev.accuracy).toFixed(2)}%, loss ${ev.loss.toFixed(4)}`);
    trainer.destroy();
    return 0;
  }

  const total = stepBudget(experiment, trainer.stepsPerEpoch);
  const bar = new ProgressBar(total, process.stderr, !args.quiet);
  const { curve, divergedAt, seconds } = await trainSteps(trainer, total, {
    logEvery: Number(args['log-every']),
    evalEvery: args['eval-every'] !== undefined ? Number(args['eval-every']) : trainer.stepsPerEpoch,
    onLog: (p) => bar.update(p.step, `loss ${p.loss.toFixed(4)}`),
    onEval: (p) => {
      bar.finish();
      console.log(`epoch ${p.epoch.toFixed(2)} (step ${p.step}): train loss ${p.loss.toFixed(4)}, train acc ${(100 * p.trainAcc).toFixed(2)}%, test acc ${(100 * p.testAcc!).toFixed(2)}%`);
    },
  });
  if (divergedAt !== null) {
    bar.finish();
    console.error(`diverged at step ${divergedAt}: the training loss is ${curve[curve.length - 1].loss}. Try a smaller --lr.`);
    trainer.destroy();
    return 3;
  }
  const final = curve[curve.length - 1];
  console.log(`done: ${total} steps in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(1)} steps/s, evaluation included); final test accuracy ${(100 * (final.testAcc ?? 0)).toFixed(2)}%`);
  if (args.csv) {
    const rows = curve.map((p) => [p.step, p.epoch.toFixed(4), p.loss, p.trainAcc, p.testAcc ?? ''].join(','));
    writeFileSync(String(args.csv), ['step,epoch,loss,train_acc,test_acc', ...rows].join('\n') + '\n');
  }
  if (args.json) {
    writeFileSync(String(args.json), JSON.stringify({ experiment, dataset: source, D: trainer.plan.D, trainedDims: trainer.trainedDims, device: adapterName, seconds, curve }, null, 1));
  }
  if (args.theta) writeFileSync(String(args.theta), await trainer.readTheta());
  if (args['export-coords']) writeFileSync(String(args['export-coords']), JSON.stringify(await exportCoordinates(trainer, source)));
  trainer.destroy();
  return 0;
}

runCommand(main);
