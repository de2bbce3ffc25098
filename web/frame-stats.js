// Per-frame cost (advance + view + draw), measured with performance.now() over a window of
// recent frames: what `playground.frameStats()` reports and the benchmark reads.

export class FrameStats {
  /** Keeps the last `capacity` frames. */
  constructor(capacity = 300) {
    this.durations = new Float64Array(capacity);
    // Per frame: time in advance, in view, in drawing (same ring positions as `durations`).
    this.phases = [new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity)];
    this.next = 0;
    this.count = 0;
    this.total = 0;
  }

  /** Records one frame of `ms` milliseconds, of which `advanceMs`, `viewMs`, `drawMs`. */
  record(ms, advanceMs = 0, viewMs = 0, drawMs = 0) {
    this.durations[this.next] = ms;
    this.phases[0][this.next] = advanceMs;
    this.phases[1][this.next] = viewMs;
    this.phases[2][this.next] = drawMs;
    this.next = (this.next + 1) % this.durations.length;
    this.count = Math.min(this.count + 1, this.durations.length);
    this.total += 1;
  }

  /** Forgets every recorded frame. */
  reset() {
    this.next = 0;
    this.count = 0;
    this.total = 0;
  }

  /**
   * `{ frames, meanMs, p95Ms, maxMs, phases: { advanceMs, viewMs, drawMs } }` over the recorded
   * window (`frames` counts every frame since the last reset; phases are means).
   */
  summary() {
    if (this.count === 0) {
      return {
        frames: this.total,
        meanMs: 0,
        p95Ms: 0,
        maxMs: 0,
        phases: { advanceMs: 0, viewMs: 0, drawMs: 0 },
      };
    }
    const window = Array.from(this.durations.subarray(0, this.count)).sort((a, b) => a - b);
    const p95 = window[Math.min(window.length - 1, Math.ceil(window.length * 0.95) - 1)];
    const phaseMean = (phase) => round3(mean(phase.subarray(0, this.count)));
    return {
      frames: this.total,
      meanMs: round3(mean(window)),
      p95Ms: round3(p95),
      maxMs: round3(window[window.length - 1]),
      phases: {
        advanceMs: phaseMean(this.phases[0]),
        viewMs: phaseMean(this.phases[1]),
        drawMs: phaseMean(this.phases[2]),
      },
    };
  }
}

function mean(values) {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function round3(x) {
  return Math.round(x * 1000) / 1000;
}
