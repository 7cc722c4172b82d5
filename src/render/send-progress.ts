import chalk from "chalk";

const WIDTH = 24;
const REDRAW_MS = 100;

/**
 * A progress bar on the terminal's last line (stderr) for long runs; lines printed meanwhile go
 * above it (the writer clears it before and redraws it after each chunk).
 */
export class ProgressBar {
  private done = 0;
  private failed = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private shown = false;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  tick(ok: boolean): void {
    this.done += 1;
    if (!ok) this.failed += 1;
  }

  clear(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }

  draw(): void {
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(ratio * WIDTH);
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    const bar = chalk.green("█".repeat(filled)) + chalk.dim("░".repeat(WIDTH - filled));
    const failed = this.failed > 0 ? chalk.red(` ${this.failed} failed`) : "";
    this.stream.write(`\r\x1b[K${bar} ${this.done}/${this.total} ${rate}/s${failed}`);
    this.shown = true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }
}

/** Long runs on a terminal get a bar; short ones and pipes do not. */
export function wantsProgress(total: number, stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && total >= 50 && process.env.TERM !== "dumb";
}
