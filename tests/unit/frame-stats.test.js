import { describe, expect, it } from 'vitest';
import { FrameStats } from '../../web/frame-stats.js';

describe('frame statistics', () => {
  it('reports zeros before any frame', () => {
    expect(new FrameStats(10).summary()).toEqual({
      frames: 0,
      meanMs: 0,
      p95Ms: 0,
      maxMs: 0,
      phases: { advanceMs: 0, viewMs: 0, drawMs: 0 },
    });
  });

  it('computes mean, 95th percentile and max over the window', () => {
    const stats = new FrameStats(100);
    for (let i = 1; i <= 100; i += 1) stats.record(i, i / 2, i / 4, i / 4);
    expect(stats.summary()).toEqual({
      frames: 100,
      meanMs: 50.5,
      p95Ms: 95,
      maxMs: 100,
      phases: { advanceMs: 25.25, viewMs: 12.625, drawMs: 12.625 },
    });
  });

  it('keeps only the last frames but counts them all', () => {
    const stats = new FrameStats(3);
    for (const ms of [100, 1, 2, 3]) stats.record(ms);
    const summary = stats.summary();
    expect(summary.frames).toBe(4);
    expect(summary.maxMs).toBe(3);
    expect(summary.meanMs).toBe(2);
  });
});
