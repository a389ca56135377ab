import { describe, expect, it } from 'vitest';
import { formatArch, parseArch, planArch, toArchitecture } from './arch';
import { paperCNN, paperFC } from '../nn/model';

describe('architecture grammar', () => {
  it.each([
    'fc', 'cnn', 'mlp:128-64:relu', 'mlp::tanh', 'mlp:16-16:tanh', 'cnn:32k3p-64k3p:64:relu', 'cnn:8k5sp::tanh', 'cnn:4k3s-4k1:16:relu',
  ])('round-trips %s', (text) => {
    expect(formatArch(parseArch(text))).toBe(text);
    expect(parseArch(formatArch(parseArch(text)))).toEqual(parseArch(text));
  });

  it('canonicalises spellings: default activation, flag order, case, paper aliases', () => {
    expect(formatArch(parseArch('mlp:64'))).toBe('mlp:64:relu');
    expect(formatArch(parseArch('MLP:64:TANH'))).toBe('mlp:64:tanh');
    expect(formatArch(parseArch('cnn:8k3ps::relu'))).toBe('cnn:8k3sp::relu');
    expect(formatArch(parseArch('mlp:128:relu'))).toBe('fc');
  });

  it('builds the same layers as the paper networks', () => {
    expect(toArchitecture(parseArch('fc'), 10).layers).toEqual(paperFC().layers);
    expect(toArchitecture(parseArch('cnn'), 10).layers).toEqual(paperCNN().layers);
  });

  it('gives D of fc on MNIST = 101,770 and of cnn on CIFAR-10 = 122,570', () => {
    expect(planArch('fc', 'mnist').D).toBe(101_770);
    expect(planArch('cnn', 'cifar10').D).toBe(122_570);
    // spiral: 2→16→16→3 = 48 + 272 + 51
    expect(planArch('mlp:16-16:tanh', 'spiral').D).toBe(371);
    expect(planArch('mlp::tanh', 'xor').D).toBe(6);
  });

  it.each([
    ['mlp:0:relu', /outside 1…4096/], ['mlp:1-2-3-4-5-6-7-8-9:relu', /at most 8/], ['cnn:32x3::relu', /should look like 32k3p/],
    ['cnn:32k3q::relu', /unknown flags 'q'/], ['cnn:32k99::relu', /kernel 99 is outside/], ['cnn::64:relu', /should look like/],
    ['mlp:1:2:3', /should look like/], ['', /not an architecture/],
  ])('explains %s', (text, message) => {
    expect(() => parseArch(text)).toThrow(message);
  });
});
