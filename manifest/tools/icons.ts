/**
 * The app icons, drawn in code so they can be regenerated and checked: a
 * shield with a check mark ("reported, and someone is on it").
 *
 * - color.png, 192x192: white shield on a full-bleed calm teal, the check
 *   mark cut out in the background colour. The shield stays inside the
 *   central 96x96-ish safe area Teams recommends for the symbol.
 * - outline.png, 32x32: the same shield as a white outline with a white check
 *   mark on a transparent background (Teams: white and transparent only).
 *
 * Shapes are tested per sample (8x8 per pixel) and averaged, which gives
 * smooth edges without a drawing library.
 */

/** Also the manifest's accentColor. */
export const ICON_BACKGROUND = '#1C6B73';

interface Shield {
  cx: number;
  top: number;
  /** Where the straight sides turn into the curve towards the tip. */
  shoulder: number;
  /** The tip. */
  bottom: number;
  halfWidth: number;
  cornerRadius: number;
}

type Point = [number, number];

function insideShield(x: number, y: number, s: Shield): boolean {
  if (y < s.top || y > s.bottom) return false;
  const dx = Math.abs(x - s.cx);
  if (y < s.shoulder) {
    if (dx > s.halfWidth) return false;
    // Rounded top corners.
    const cornerX = s.halfWidth - s.cornerRadius;
    const cornerY = s.top + s.cornerRadius;
    if (dx > cornerX && y < cornerY) return Math.hypot(dx - cornerX, y - cornerY) <= s.cornerRadius;
    return true;
  }
  // Below the shoulder the half-width narrows smoothly to a point.
  const t = (y - s.shoulder) / (s.bottom - s.shoulder);
  return dx <= s.halfWidth * (1 - t * t);
}

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

/** A polyline stroke with round caps and joins. */
function insideStroke(x: number, y: number, points: Point[], width: number): boolean {
  for (let i = 1; i < points.length; i++) {
    if (distanceToSegment([x, y], points[i - 1]!, points[i]!) <= width / 2) return true;
  }
  return false;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

const SAMPLES = 8;

/** Renders size x size RGBA pixels; paint(u, v) gives the RGBA of a point in unit coordinates. */
function render(size: number, paint: (u: number, v: number) => [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          // Premultiplied, so transparent samples do not darken the edge colour.
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = a / (SAMPLES * SAMPLES);
      out[i + 3] = Math.round(alpha * 255);
      // A fully transparent pixel is stored as transparent white.
      out[i] = a > 0 ? Math.round(r / a) : 255;
      out[i + 1] = a > 0 ? Math.round(g / a) : 255;
      out[i + 2] = a > 0 ? Math.round(b / a) : 255;
    }
  }
  return out;
}

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;

export function renderColorIcon(): Uint8Array {
  const background = hexToRgb(ICON_BACKGROUND);
  const shield: Shield = { cx: 0.5, top: 0.235, shoulder: 0.47, bottom: 0.8, halfWidth: 0.235, cornerRadius: 0.045 };
  const check: Point[] = [
    [0.4, 0.5],
    [0.477, 0.577],
    [0.613, 0.435],
  ];
  return render(COLOR_SIZE, (u, v) => {
    if (insideShield(u, v, shield) && !insideStroke(u, v, check, 0.058)) return [255, 255, 255, 1];
    return [...background, 1];
  });
}

/** Inside the shield and at least `distance` away from its edge (tested in 16 directions). */
function insideShieldInset(x: number, y: number, s: Shield, distance: number): boolean {
  if (!insideShield(x, y, s)) return false;
  for (let k = 0; k < 16; k++) {
    const angle = (k * Math.PI) / 8;
    if (!insideShield(x + distance * Math.cos(angle), y + distance * Math.sin(angle), s)) return false;
  }
  return true;
}

export function renderOutlineIcon(): Uint8Array {
  const shield: Shield = { cx: 0.5, top: 0.08, shoulder: 0.42, bottom: 0.94, halfWidth: 0.39, cornerRadius: 0.12 };
  const check: Point[] = [
    [0.33, 0.45],
    [0.455, 0.575],
    [0.675, 0.345],
  ];
  return render(OUTLINE_SIZE, (u, v) => {
    const ring = insideShield(u, v, shield) && !insideShieldInset(u, v, shield, 0.085);
    return ring || insideStroke(u, v, check, 0.095) ? [255, 255, 255, 1] : [255, 255, 255, 0];
  });
}
