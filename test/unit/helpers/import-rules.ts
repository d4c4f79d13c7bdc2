/**
 * The import rules of docs/architecture.md, checked on source text (as the
 * infra test reads the Bicep): which folder may import what.
 */
import { posix } from 'node:path';

export interface SourceFile {
  /** Path from the repository root, with forward slashes: src/cases/model/case.ts */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

interface ImportRef {
  spec: string;
  typeOnly: boolean;
}

const TEAMS_SDK = /^(botbuilder|botbuilder-.*|botframework-.*|@microsoft\/teams-ai)(\/|$)/;
/** Modules that do I/O: never in a model file. */
const IO_PACKAGES = /^(@azure\/cosmos|@azure\/identity|restify|node:(fs|http|https|net|child_process|dgram)|fs|http|https|net|child_process|exceljs|pdfkit|@napi-rs\/canvas)(\/|$)/;
const CORE_IO = /^src\/core\/(cosmos\/|work-store|contacts|dispatcher|context)/;
/** Folders under src/ that are not features. */
const NOT_FEATURES = new Set(['core', 'teams', 'config', 'local', 'web']);

export function importsOf(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) {
    const names = m[3] ?? '';
    // `import { type A, type B } from` is type-only too.
    const allTypes = /^\{[^}]*\}$/.test(names.trim()) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'));
    out.push({ spec: m[4]!, typeOnly: Boolean(m[2]) || allTypes });
  }
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

/** The repository path an import names, or the package name. */
function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return posix.normalize(posix.join(posix.dirname(from), spec));
}

const topFolder = (path: string) => path.split('/')[1] ?? '';
const isModel = (path: string) => /^src\/[^/]+\/model(\.ts$|\/|$)/.test(path);

export function checkImports(files: SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    if (!file.path.startsWith('src/') || !file.path.endsWith('.ts')) continue;
    const folder = topFolder(file.path);
    const isRoot = file.path === 'src/index.ts';
    for (const ref of importsOf(file.text)) {
      const target = resolve(file.path, ref.spec);
      const flag = (rule: string) => out.push({ file: file.path, imports: ref.spec, rule });
      if (TEAMS_SDK.test(target) && folder !== 'teams' && !isRoot) flag('only src/teams/ and src/index.ts import the Teams SDK');
      if (!target.startsWith('src/')) {
        if (isModel(file.path) && !ref.typeOnly && IO_PACKAGES.test(target)) flag('model files import no I/O');
        continue;
      }
      const targetFolder = topFolder(target);
      if (targetFolder === 'teams' && folder !== 'teams' && !isRoot) flag('nothing outside src/teams/ imports it but src/index.ts');
      if (folder === 'core' && targetFolder !== 'core') flag('src/core/ imports nothing of features, teams, web or config');
      const isFeature = !NOT_FEATURES.has(folder) && file.path.split('/').length > 2;
      const targetIsFeature = !NOT_FEATURES.has(targetFolder) && target.split('/').length > 2;
      if (isFeature && targetIsFeature && targetFolder !== folder) {
        const rest = target.slice(`src/${targetFolder}`.length);
        const publicPart = rest === '' || rest === '/index' || rest === '/model' || rest.startsWith('/model/');
        if (!publicPart) flag("another feature is used only through its index.ts and its model");
      }
      if (isFeature && targetIsFeature === false && (targetFolder === 'web' || targetFolder === 'local')) flag('features do not import src/web/ or src/local/');
      if (isModel(file.path) && !ref.typeOnly) {
        const feature = `src/${folder}/`;
        const ownNonModel = target.startsWith(feature) && !isModel(target) && !target.endsWith('/strings');
        if (CORE_IO.test(target) || ownNonModel || (targetIsFeature && targetFolder !== folder && !isModel(target))) flag('model files import no I/O: only core, models and strings');
      }
    }
  }
  return out;
}
