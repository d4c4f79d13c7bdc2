/**
 * Reads a .cpuprofile (node --cpu-prof) and prints where the time went: the
 * top functions by self time, the top by total time (each function counted
 * once per sample however deep it recurses), self time per package or source
 * file, and the longest stretches without an idle sample (what held the
 * event loop) with what ran most in each.
 *
 *   node dist/test/bench/profile-top.js <file.cpuprofile> [rows=30] [filter]
 *
 * With <file>.stalls.json beside it (profile.ts writes one), also what ran
 * while the event loop was held for more than 50 ms.
 *
 * `filter`: only functions whose name or file contains it in the total-time
 * list, and where the time of the outermost such function went (its callees).
 */
import { existsSync, readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [, , file, rowsArg, filter] = process.argv;
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const n of profile.nodes) byId.set(n.id, n);
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'nm:').replace(/^.*\/dist\//, '');
const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
function packageOf(n: ProfileNode): string {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  return shortUrl(url);
}

const self = new Map<string, number>();
const callees = new Map<string, number>();
const total = new Map<string, number>();
const pkg = new Map<string, number>();
let all = 0;
let idle = 0;
const dt = profile.timeDeltas;
// Each sample's time is the delta to the next sample.
const weight = (i: number) => (i + 1 < dt.length ? dt[i + 1] : 0) / 1000;

interface Block {
  start: number;
  ms: number;
  self: Map<string, number>;
  ours: Map<string, number>;
}
const blocks: Block[] = [];
/** Each sample's time in ms since the profile started, and its node. */
const timeline: { at: number; node: ProfileNode }[] = [];
let current: Block | undefined;
let clock = profile.startTime / 1000;

for (let i = 0; i < profile.samples.length; i++) {
  clock += dt[i] / 1000;
  const w = weight(i);
  const node = byId.get(profile.samples[i])!;
  timeline.push({ at: clock - profile.startTime / 1000, node });
  const name = node.callFrame.functionName;
  all += w;
  if (name === '(idle)') {
    idle += w;
    if (current && current.ms > 0) blocks.push(current);
    current = undefined;
    continue;
  }
  current ??= { start: clock, ms: 0, self: new Map(), ours: new Map() };
  current.ms += w;
  const k = keyOf(node);
  self.set(k, (self.get(k) ?? 0) + w);
  current.self.set(k, (current.self.get(k) ?? 0) + w);
  const p = packageOf(node);
  pkg.set(p, (pkg.get(p) ?? 0) + w);
  const seen = new Set<string>();
  let ourDeepest: string | undefined;
  let below = '(self)';
  let outermost: string | undefined;
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const n = byId.get(id)!;
    const key = keyOf(n);
    if (filter && key.includes(filter)) outermost = below;
    below = key;
    if (!ourDeepest && /\bsrc\//.test(shortUrl(n.callFrame.url)) && !n.callFrame.url.includes('node_modules')) ourDeepest = key;
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + w);
  }
  if (outermost) callees.set(outermost, (callees.get(outermost) ?? 0) + w);
  if (ourDeepest) current.ours.set(ourDeepest, (current.ours.get(ourDeepest) ?? 0) + w);
}
if (current) blocks.push(current);

const busy = all - idle;
const pct = (v: number) => `${((100 * v) / busy).toFixed(1).padStart(5)} %`;
const top = (m: Map<string, number>, n: number, pred: (k: string) => boolean = () => true) =>
  [...m.entries()].filter(([k]) => pred(k)).sort((a, b) => b[1] - a[1]).slice(0, n);

console.log(`profile ${(all / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s (${((100 * busy) / all).toFixed(0)} %)`);
console.log('\n-- self time by package / file');
for (const [k, v] of top(pkg, rows)) console.log(`${pct(v)} ${v.toFixed(0).padStart(7)} ms  ${k}`);
console.log('\n-- self time by function');
for (const [k, v] of top(self, rows)) console.log(`${pct(v)} ${v.toFixed(0).padStart(7)} ms  ${k}`);
console.log(`\n-- total time by function${filter ? ` (matching ${filter})` : ''}`);
for (const [k, v] of top(total, rows, (k) => !filter || k.includes(filter))) console.log(`${pct(v)} ${v.toFixed(0).padStart(7)} ms  ${k}`);
if (filter) {
  console.log(`\n-- callees of the outermost function matching ${filter}`);
  for (const [k, v] of top(callees, rows)) console.log(`${pct(v)} ${v.toFixed(0).padStart(7)} ms  ${k}`);
}
console.log('\n-- longest busy stretches (no idle sample between)');
for (const b of [...blocks].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
  console.log(`${b.ms.toFixed(0).padStart(6)} ms at +${((b.start - profile.startTime / 1000) / 1000).toFixed(2)} s`);
  for (const [k, v] of top(b.self, 4)) console.log(`         self ${v.toFixed(0).padStart(5)} ms  ${k}`);
  for (const [k, v] of top(b.ours, 4)) console.log(`         ours ${v.toFixed(0).padStart(5)} ms  ${k}`);
}

const stallsFile = `${file}.stalls.json`;
if (existsSync(stallsFile)) {
  const stalls = (JSON.parse(readFileSync(stallsFile, 'utf8')) as { endMs: number; ms: number }[]).sort((a, b) => b.ms - a.ms);
  console.log(`\n-- the event loop held for more than 50 ms: ${stalls.length} times; the longest, with what ran`);
  for (const s of stalls.slice(0, 6)) {
    const inWindow = timeline.filter((t) => t.at >= s.endMs - s.ms && t.at <= s.endMs);
    const selfIn = new Map<string, number>();
    const oursIn = new Map<string, number>();
    for (const { node } of inWindow) {
      const k = keyOf(node);
      selfIn.set(k, (selfIn.get(k) ?? 0) + 1);
      for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
        const n = byId.get(id)!;
        if (/\bsrc\//.test(shortUrl(n.callFrame.url)) && !n.callFrame.url.includes('node_modules')) {
          const key = keyOf(n);
          oursIn.set(key, (oursIn.get(key) ?? 0) + 1);
          break;
        }
      }
    }
    console.log(`${s.ms.toFixed(0).padStart(6)} ms ending at +${(s.endMs / 1000).toFixed(2)} s (${inWindow.length} samples)`);
    for (const [k, v] of top(selfIn, 5)) console.log(`         self ${String(v).padStart(5)}  ${k}`);
    for (const [k, v] of top(oursIn, 5)) console.log(`         ours ${String(v).padStart(5)}  ${k}`);
  }
}
