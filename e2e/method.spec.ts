/**
 * The picture of the method: the teaching panel renders on load with no GPU work, draws
 * SGD, FPD and RBD, redraws its plane and follows the step slider. Its state is read
 * from data attributes (the basis, the step, the paths' final losses), never from pixels.
 */
import { expect, test } from './fixtures';

test.describe('the picture of the method', () => {
  test('renders the three paths, with RBD ending below FPD', async ({ playground }) => {
    await playground.open();
    const panel = playground.byTestId('method-picture');
    await expect(panel).toBeVisible();
    const steps = Number(await panel.getAttribute('data-steps'));
    await expect(panel).toHaveAttribute('data-step', String(steps));
    for (const m of ['sgd', 'fpd', 'rbd']) {
      const path = playground.byTestId(`method-path-${m}`);
      await expect(path).toHaveAttribute('data-points', String(steps + 1));
      // Both strokes (the whole path, faint, and the part up to the step) have many segments.
      for (const d of await path.locator('path').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''))) {
        expect(d.split('L').length).toBeGreaterThan(steps / 2);
      }
    }
    const final = async (m: string) => Number(await panel.getAttribute(`data-final-${m}`));
    expect(await final('rbd')).toBeLessThan(await final('fpd'));
    expect(await final('sgd')).toBeLessThan(await final('rbd'));
    await expect(playground.byTestId('method-gradient')).toBeAttached();
    await expect(playground.byTestId('method-fixed-plane')).toBeVisible();
  });

  test('redraw changes the plane, the step slider moves the step, d = 1 draws a line', async ({ playground, page }) => {
    await playground.open();
    const panel = playground.byTestId('method-picture');
    const plane = playground.byTestId('method-plane');
    const basis = async () => JSON.parse((await plane.getAttribute('data-basis')) ?? '[]') as number[][];
    const before = await basis();
    expect(before).toHaveLength(2);
    const fpdBefore = await panel.getAttribute('data-final-fpd');

    await playground.byTestId('method-redraw').click();
    await expect(panel).toHaveAttribute('data-redraw', '1');
    await expect.poll(basis).not.toEqual(before);
    expect(await panel.getAttribute('data-final-fpd')).not.toBe(fpdBefore);

    const slider = playground.byTestId('method-step-slider');
    await slider.fill('10');
    await expect(panel).toHaveAttribute('data-step', '10');
    await expect(playground.byTestId('method-path-rbd')).toHaveAttribute('data-points', '11');
    // RBD's plane at step t is that of epoch redraw + t.
    await expect(plane).toHaveAttribute('data-epoch', '11');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(panel).toHaveAttribute('data-step', '9');

    await playground.byTestId('method-d-1').click();
    await expect(panel).toHaveAttribute('data-d', '1');
    expect(await basis()).toHaveLength(1);
  });
});
