import { describe, expect, it } from 'vitest';
import { A, A_INV } from './toy';
import { cameraAxes, centredOn, levelOutline, orthonormal, patch, projector, separate, type Camera } from './view';

const cam: Camera = { yaw: 0.55, pitch: 0.42, scale: 80, cx: 200, cy: 150 };
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, j) => s + x * b[j], 0);

describe('the method picture camera', () => {
  it('has orthonormal screen axes', () => {
    const { right, up, toEye } = cameraAxes(cam);
    for (const [a, b, want] of [[right, right, 1], [up, up, 1], [toEye, toEye, 1], [right, up, 0], [right, toEye, 0], [up, toEye, 0]] as const) {
      expect(dot(a, b)).toBeCloseTo(want, 12);
    }
  });

  it('outlines the level set exactly: the outline reaches as far as the ellipsoid on screen', () => {
    const level = 1.7;
    const outline = levelOutline(cam, A_INV, level, 720);
    // The farthest point of {θᵀAθ = 2·level} along the screen's right is √(2·level·rᵀA⁻¹r).
    const { right } = cameraAxes(cam);
    const reach = Math.sqrt(2 * level * dot(right, A_INV.map((row) => dot(row, right))));
    expect(Math.max(...outline.map(([x]) => x - cam.cx)) / cam.scale).toBeCloseTo(reach, 3);
    // No point of the level set projects beyond that reach.
    const at = projector(cam);
    for (const v of [[1, -2, 0.5], [0.2, 0.1, -1], right]) {
      const onLevel = v.map((x) => x * Math.sqrt((2 * level) / dot(v, A.map((row) => dot(row, v)))));
      expect(Math.abs(at(onLevel)[0] - cam.cx) / cam.scale).toBeLessThanOrEqual(reach + 1e-9);
    }
  });

  it('centres a chosen point', () => {
    const moved = centredOn(cam, [0.3, -0.2, 0.9], 10, 20);
    expect(projector(moved)([0.3, -0.2, 0.9])).toEqual([expect.closeTo(10, 9), expect.closeTo(20, 9)]);
  });

  it('draws the plane as a square in span(φ), whatever the lengths of φ', () => {
    const phi = [[2, 0, 0], [1, 1, 0]];
    expect(orthonormal(phi)).toEqual([[1, 0, 0], [0, 1, 0]].map((v) => v.map((x) => expect.closeTo(x, 12))));
    const corners = patch([0, 0, 1], phi, 0.5);
    expect(corners).toHaveLength(4);
    for (const c of corners) expect(c[2]).toBeCloseTo(1, 12);
    expect(patch([0, 0, 0], [[0, 3, 0]], 1)).toEqual([[0, -1, 0], [0, 1, 0]].map((v) => v.map((x) => expect.closeTo(x, 12))));
  });

  it('moves overlapping labels apart and leaves distant ones', () => {
    const ys = separate([{ x: 0, y: 10, left: 0, right: 50 }, { x: 20, y: 12, left: 0, right: 50 }, { x: 200, y: 10, left: 0, right: 50 }], 15);
    expect(ys).toEqual([10, 25, 10]);
  });
});
