/**
 * Charts drawn on the server as small PNGs (Chart.js on @napi-rs/canvas, the
 * Open Sans font from npm registered once, so no system font is needed), on
 * white, then written as palette PNGs (upng-js) of the few colours a chart
 * uses: about 2 KB each, an eighth of a full-colour PNG, which matters inside
 * a card's size limit. Channel-neutral: the card puts the PNG in a data URI,
 * the tab may serve it as a file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type ChartItem, type Plugin } from 'chart.js';
import UPNG from 'upng-js';

Chart.register(...registerables);

export const CHART_FONT_FAMILY = 'TryggMeld Open Sans';
let fontRegistered = false;

/** Registers the bundled font once; called at start so the first chart is not slower, and again harmlessly by each render. */
export function registerChartFont(): void {
  if (fontRegistered) return;
  const root = dirname(createRequire(__filename).resolve('open-sans-fonts/package.json'));
  for (const [file, weight] of [['Regular/OpenSans-Regular.ttf', 'regular'], ['Semibold/OpenSans-Semibold.ttf', 'semibold']] as const) {
    if (!GlobalFonts.registerFromPath(join(root, 'open-sans', file), CHART_FONT_FAMILY)) throw new Error(`chart font ${weight} could not be registered (${file})`);
  }
  Chart.defaults.font.family = CHART_FONT_FAMILY;
  // Large for the size: the card shows the chart beside its facts, scaled down to about half.
  Chart.defaults.font.size = 14;
  Chart.defaults.color = TEXT;
  fontRegistered = true;
}

export interface ChartSeries {
  label: string;
  /** null: no bar (a masked cell). */
  values: (number | null)[];
  color?: string;
  dashed?: boolean;
}

export interface ChartSpec {
  kind: 'bar' | 'line';
  labels: string[];
  series: ChartSeries[];
  /** Bars run left to right, one line per label: for long labels such as places. */
  horizontal?: boolean;
  width?: number;
  height?: number;
}

const PALETTE = ['#1c6b73', '#d9822b', '#6b4c9a', '#3b7d23'];
const TEXT = '#242424';
const GRID = '#e6e6e6';
/** The year before, beside this period: grey. */
export const PREVIOUS_COLOR = '#a6a6a6';

function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * The colours a chart may have: white, and each colour it draws with at full
 * strength and blended into white at three steps (the edges of antialiased
 * text and bars). Snapping every pixel to this palette is quick and keeps the
 * PNG to a few dozen colours, so it is written with a palette and no slow
 * colour quantisation.
 */
function paletteOf(colors: string[]): [number, number, number][] {
  const out: [number, number, number][] = [[255, 255, 255]];
  for (const hex of new Set(colors)) {
    const [r, g, b] = rgbOf(hex);
    for (const a of [1, 0.7, 0.45, 0.2]) out.push([Math.round(r * a + 255 * (1 - a)), Math.round(g * a + 255 * (1 - a)), Math.round(b * a + 255 * (1 - a))]);
  }
  return out;
}

function snapToPalette(pixels: Uint8ClampedArray, palette: [number, number, number][]): ArrayBuffer {
  const out = new Uint8Array(pixels.length);
  const nearest = new Map<number, number>();
  for (let i = 0; i < pixels.length; i += 4) {
    // Transparent pixels are drawn on white.
    const a = pixels[i + 3] / 255;
    const r = Math.round(pixels[i] * a + 255 * (1 - a));
    const g = Math.round(pixels[i + 1] * a + 255 * (1 - a));
    const b = Math.round(pixels[i + 2] * a + 255 * (1 - a));
    const key = (r << 16) | (g << 8) | b;
    let index = nearest.get(key);
    if (index === undefined) {
      let best = Infinity;
      index = 0;
      palette.forEach(([pr, pg, pb], j) => {
        const d = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
        if (d < best) {
          best = d;
          index = j;
        }
      });
      nearest.set(key, index);
    }
    const [pr, pg, pb] = palette[index];
    out[i] = pr;
    out[i + 1] = pg;
    out[i + 2] = pb;
    out[i + 3] = 255;
  }
  return out.buffer;
}

/** White behind everything: a transparent chart is unreadable in Teams' dark theme. */
const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw: (chart) => {
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Height that gives each bar of a horizontal chart room for its label. */
export function chartHeight(spec: Pick<ChartSpec, 'horizontal' | 'labels' | 'series'>): number {
  if (!spec.horizontal) return 190;
  return Math.max(100, 34 + spec.labels.length * (20 + 8 * spec.series.length));
}

function configOf(spec: ChartSpec): ChartConfiguration {
  const legend = spec.series.length > 1;
  return {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: colorOf(s, i),
        borderColor: colorOf(s, i),
        borderDash: s.dashed ? [5, 4] : undefined,
        borderWidth: spec.kind === 'line' ? 2 : 0,
        pointRadius: spec.kind === 'line' ? 2 : undefined,
        maxBarThickness: 18,
      })),
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      indexAxis: spec.horizontal ? 'y' : 'x',
      layout: { padding: 4 },
      plugins: { legend: { display: legend, position: 'bottom', labels: { boxWidth: 10, boxHeight: 10, padding: 6 } }, title: { display: false }, tooltip: { enabled: false } },
      scales: {
        [spec.horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 5 }, grid: { color: GRID } },
        // Twelve months under a narrow chart: smaller, and every other one left out if they would touch.
        [spec.horizontal ? 'y' : 'x']: { grid: { display: false }, ticks: spec.horizontal ? { autoSkip: false } : { autoSkip: true, maxRotation: 0, font: { size: 12 } } },
      },
    },
    plugins: [whiteBackground],
  } as ChartConfiguration;
}

const colorOf = (s: ChartSeries, i: number) => s.color ?? PALETTE[i % PALETTE.length];

/** The chart as a palette PNG. Synchronous and CPU-bound (a few milliseconds). */
export function renderChart(spec: ChartSpec): Buffer {
  registerChartFont();
  // Horizontal bars need room for their labels on the left (Chart.js gives an axis at most a third).
  const width = spec.width ?? (spec.horizontal ? 400 : 320);
  const height = spec.height ?? chartHeight(spec);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const chart = new Chart(ctx as unknown as ChartItem, configOf(spec));
  try {
    const palette = paletteOf([TEXT, GRID, ...spec.series.map(colorOf)]);
    const rgba = snapToPalette(ctx.getImageData(0, 0, width, height).data, palette);
    // 0: no quantisation; the image has only the palette's colours, so UPNG writes it with a palette.
    return Buffer.from(UPNG.encode([rgba], width, height, 0));
  } finally {
    chart.destroy();
  }
}

export function pngDataUri(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

const cache = new Map<string, Buffer>();
const CACHE_SIZE = 200;

/** The same chart again (another period clicked back, the same digest to two people) is not drawn twice. */
export function renderChartCached(spec: ChartSpec): Buffer {
  const key = JSON.stringify(spec);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const png = renderChart(spec);
  cache.set(key, png);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return png;
}
