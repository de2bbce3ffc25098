// Keeps a canvas sharp on high-DPI screens: its backing store follows the CSS size times
// devicePixelRatio, and drawing code works in CSS pixels. The CSS size comes from a
// ResizeObserver, so a frame never forces a synchronous layout by reading clientWidth. Also the
// one drawing primitive shared by the ring's layers: a dashed selection circle.

/** Strokes a dashed circle of `radius` around `point` (a selection mark), 2 px wide. */
export function strokeDashedCircle(ctx, point, radius, colour, dash) {
  ctx.beginPath();
  ctx.arc(point.x, point.y, radius, 0, Math.PI * 2);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.setLineDash(dash);
  ctx.stroke();
  ctx.setLineDash([]);
}

export class CanvasSurface {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {() => void} onResize called after the canvas's CSS size changed
   */
  constructor(canvas, onResize = () => {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.width = Math.max(1, canvas.clientWidth);
    this.height = Math.max(1, canvas.clientHeight);
    this.ratio = 0;
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.width = Math.max(1, box.width);
      this.height = Math.max(1, box.height);
      onResize();
    });
    this.observer.observe(canvas);
  }

  /**
   * Matches the backing store to the CSS size and the current devicePixelRatio, and returns
   * `{ ctx, width, height, ratio }` with the context scaled so 1 unit = 1 CSS pixel.
   */
  fit() {
    const ratio = window.devicePixelRatio || 1;
    const backingWidth = Math.round(this.width * ratio);
    const backingHeight = Math.round(this.height * ratio);
    if (this.canvas.width !== backingWidth || this.canvas.height !== backingHeight) {
      this.canvas.width = backingWidth;
      this.canvas.height = backingHeight;
    }
    this.ratio = ratio;
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx: this.ctx, width: this.width, height: this.height, ratio };
  }
}
