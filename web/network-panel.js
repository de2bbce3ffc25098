// The network sliders: loss, duplication, long delays (how often, and how long at most) and the
// latency range. Each shows its value while it moves and calls setNetwork when let go (or when
// the arrow keys rest); the sliders follow the network's settings when a script changes them.

/** "10%", "5.5%" or "0.25%" for a rate in [0, 1]. */
export function percentText(rate) {
  const percent = rate * 100;
  const rounded = Math.round(percent * 100) / 100;
  return `${rounded}%`;
}

/** "loss 10%, duplication 0%, long delays 5% (up to 1000 ms), latency 10–15 ms". */
export function networkText(settings) {
  const [min, max] = settings.latencyMs;
  return (
    `loss ${percentText(settings.lossRate)}, duplication ${percentText(settings.duplicateRate)}, ` +
    `long delays ${percentText(settings.longDelayRate)} (up to ${settings.longDelayMsMax} ms), ` +
    `latency ${min}–${max} ms`
  );
}

const percent = {
  toSlider: (rate) => Math.round(rate * 100),
  fromSlider: (value) => value / 100,
  text: (rate) => percentText(rate),
};
const milliseconds = {
  toSlider: (ms) => ms,
  fromSlider: (value) => value,
  text: (ms) => `${ms} ms`,
};

/**
 * The sliders: element id, the setting it reads and writes, and how slider positions map to
 * values. Latency is two sliders over one setting, `latencyMs: [min, max]`.
 */
export const NETWORK_SLIDERS = [
  { id: 'net-loss', read: (s) => s.lossRate, write: (v) => ({ lossRate: v }), ...percent },
  { id: 'net-dup', read: (s) => s.duplicateRate, write: (v) => ({ duplicateRate: v }), ...percent },
  { id: 'net-delay-rate', read: (s) => s.longDelayRate, write: (v) => ({ longDelayRate: v }), ...percent },
  {
    id: 'net-delay-max',
    read: (s) => s.longDelayMsMax,
    write: (v) => ({ longDelayMsMax: v }),
    ...milliseconds,
  },
  { id: 'net-lat-min', read: (s) => s.latencyMs[0], latency: 0, ...milliseconds },
  { id: 'net-lat-max', read: (s) => s.latencyMs[1], latency: 1, ...milliseconds },
];

/** How long the arrow keys must rest on a slider before the network changes. */
const KEYS_REST_MS = 400;

export class NetworkPanel {
  /** @param {import('./app.js').App} app  @param {HTMLElement} root the network section */
  constructor(app, root) {
    this.app = app;
    this.sliders = NETWORK_SLIDERS.map((spec) => {
      const input = root.querySelector(`#${spec.id}`);
      const output = root.querySelector(`#${spec.id}-value`);
      return { spec, input, output, dragging: false };
    });
    this.bySpecId = new Map(this.sliders.map((s) => [s.spec.id, s]));
    this.lastSignature = '';
    for (const slider of this.sliders) {
      const { input } = slider;
      input.addEventListener('pointerdown', () => {
        slider.dragging = true;
      });
      input.addEventListener('pointerup', () => {
        slider.dragging = false;
      });
      input.addEventListener('keydown', (event) => {
        slider.keyed = /^(Arrow|Page|Home|End)/.test(event.key);
      });
      input.addEventListener('input', () => this.preview(slider));
      input.addEventListener('change', () => {
        slider.dragging = false;
        clearTimeout(slider.timer);
        // Keys change the value once per press: the network changes (one recorded action)
        // when they rest, not at every step.
        if (slider.keyed) slider.timer = setTimeout(() => this.commit(slider), KEYS_REST_MS);
        else this.commit(slider);
      });
    }
    root.querySelector('[data-action="reset-network"]').addEventListener('click', () => this.reset());
    app.viewListeners.add((view) => this.follow(view.network));
  }

  /** Shows the value under the thumb; keeps latency min ≤ max. */
  preview(slider) {
    const value = this.valueOf(slider);
    slider.output.textContent = slider.spec.text(value);
    if (slider.spec.latency !== undefined) {
      const other = this.bySpecId.get(slider.spec.latency === 0 ? 'net-lat-max' : 'net-lat-min');
      const otherValue = this.valueOf(other);
      const clash = slider.spec.latency === 0 ? value > otherValue : value < otherValue;
      if (clash) {
        other.input.value = String(value);
        other.output.textContent = other.spec.text(value);
      }
    }
  }

  valueOf(slider) {
    return slider.spec.fromSlider(Number(slider.input.value));
  }

  /** The slider was let go: change the network. */
  commit(slider) {
    this.preview(slider);
    const changes =
      slider.spec.latency !== undefined
        ? { latencyMs: [this.valueOf(this.bySpecId.get('net-lat-min')), this.valueOf(this.bySpecId.get('net-lat-max'))] }
        : slider.spec.write(this.valueOf(slider));
    this.setNetwork(changes);
  }

  /** Back to the network the cluster started with (reliable unless the address said otherwise). */
  reset() {
    const config = this.app.sim.config();
    this.setNetwork({
      lossRate: config.lossRate ?? 0,
      duplicateRate: config.duplicateRate ?? 0,
      longDelayRate: config.longDelayRate ?? 0,
      longDelayMsMax: config.longDelayMsMax ?? 1000,
      latencyMs: [config.latencyMsMin ?? 10, config.latencyMsMax ?? 15],
    });
  }

  setNetwork(changes) {
    try {
      const settings = this.app.perform(() => this.app.sim.setNetwork(changes), 'network changed');
      if (settings) {
        this.app.showStatus(`network: ${networkText(settings)} (applies to messages sent from now on)`);
        this.follow(settings);
      }
    } catch (error) {
      this.app.showStatus(error.message, true);
      this.lastSignature = '';
      if (this.app.lastView) this.follow(this.app.lastView.network);
    }
  }

  /** Moves the sliders to `settings` when they changed (not the one a person is dragging). */
  follow(settings) {
    if (!settings) return;
    const signature = `${settings.lossRate}/${settings.duplicateRate}/${settings.longDelayRate}/${settings.longDelayMsMax}/${settings.latencyMs}`;
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;
    for (const slider of this.sliders) {
      if (slider.dragging) continue;
      const value = slider.spec.read(settings);
      slider.input.value = String(slider.spec.toSlider(value));
      slider.output.textContent = slider.spec.text(value);
    }
  }
}
