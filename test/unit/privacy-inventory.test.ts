/**
 * Keeps docs/privacy.md's data inventory in step with what the code stores,
 * as infra-consistency.test.ts does for the Bicep: the fields of every stored
 * document type are read from the TypeScript types (with the compiler's own
 * type checker, so optional and nested fields count), and each must have a
 * row in the inventory, and each row a field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { CONTAINERS } from '../../src/core/cosmos/containers';
import { DEFAULT_SCHEDULE, type RetentionPolicy } from '../../src/core/schedule';
import { addYears, formerStaff, retainAssessment, retainReview, retainStaffRecord, retainTrainingEntry } from '../../src/privacy/model';
import { preventionSample } from '../support/prevention-sample';

const ROOT = join(__dirname, '..', '..');

/** Each stored document type: its inventory heading's start, and the types it is made of (file, type name). */
const DOCUMENTS: { container: keyof typeof CONTAINERS; heading: string; types: [string, string][]; extra?: string[] }[] = [
  { container: 'cases', heading: '### `cases`: saken', types: [['src/cases/model/case.ts', 'Case']] },
  // A work item is the common fields, its kind, and the fields of each kind features declare on WorkKinds.
  { container: 'cases', heading: '### `cases`: arbeid', types: [['src/core/work.ts', 'WorkCommon'], ['src/core/work.ts', 'WorkKinds#members']], extra: ['kind'] },
  { container: 'cases', heading: '### `cases`: skolens klyngetilstand', types: [['src/follow-up/model.ts', 'ClusterState']] },
  { container: 'cases', heading: '### `cases`: skolens risikovurdering', types: [['src/risk/model.ts', 'RiskAssessment']] },
  { container: 'cases', heading: '### `cases`: en gjennomgang av risikovurderingen', types: [['src/risk/model.ts', 'RiskReview']] },
  { container: 'cases', heading: '### `cases`: opplæring og øvelse', types: [['src/training/model.ts', 'TrainingEntry']] },
  { container: 'cases', heading: '### `cases`: hvem som er ny ved skolen', types: [['src/training/model.ts', 'StaffRecord']] },
  { container: 'cases', heading: '### `cases`: skolens egen rutine', types: [['src/routines/model.ts', 'RoutineDoc']] },
  { container: 'conversations', heading: '### `conversations`: hvordan boten når en person', types: [['src/core/contacts.ts', 'PersonContact']] },
  { container: 'conversations', heading: '### `conversations`: leietakerens kanal', types: [['src/core/contacts.ts', 'TenantChannelDoc']] },
  { container: 'counters', heading: '### `counters`', types: [['src/cases/store.ts', 'CounterDoc']] },
  { container: 'audit', heading: '### `audit`', types: [['src/core/audit.ts', 'AuditEntry']] },
  { container: 'conversations', heading: '### `conversations`: skolen en person valgte', types: [['src/core/contacts.ts', 'SchoolChoiceDoc']] },
  { container: 'directory', heading: '### `directory`: katalogen', types: [['src/directory/store.ts', 'DirectoryHead']] },
  { container: 'directory', heading: '### `directory`: katalogens biter', types: [['src/directory/store.ts', 'DirectoryChunk']] },
  { container: 'directory', heading: '### `directory`: hvem som synkroniserer', types: [['src/directory/store.ts', 'SyncLease']] },
];

// The documents' files and every file that adds kinds to WorkKinds (only those: a whole-program check takes long).
const files = [
  ...new Set([
    ...DOCUMENTS.flatMap((d) => d.types.map(([file]) => join(ROOT, file))),
    ...(ts.sys.readDirectory(join(ROOT, 'src'), ['.ts']) as string[]).filter((f) => /interface WorkKinds\b/.test(readFileSync(f, 'utf8'))),
  ]),
];
const program = ts.createProgram(files, { types: ['node'], strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, resolveJsonModule: true, esModuleInterop: true, skipLibCheck: true, noEmit: true });
const checker = program.getTypeChecker();

function declaredType(file: string, name: string): ts.Type {
  const source = program.getSourceFile(join(ROOT, file));
  if (!source) throw new Error(`no ${file}`);
  for (const statement of source.statements) {
    if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text === name) {
      return checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(statement.name)!);
    }
  }
  throw new Error(`no type ${name} in ${file}`);
}

const LEGAL_ITEMS = /^legal\.(arbeidstilsynet|police|confirmation|nav)\./;

/** The leaf paths of a type: `report.description`, `history[].by`. */
function pathsOf(type: ts.Type, prefix = ''): string[] {
  const out: string[] = [];
  for (const prop of checker.getPropertiesOfType(type)) {
    const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
    let t = checker.getNonNullableType(declaration ? checker.getTypeOfSymbolAtLocation(prop, declaration) : checker.getTypeOfSymbol(prop));
    let path = `${prefix}${prop.name}`;
    if (checker.isArrayType(t)) {
      t = checker.getTypeArguments(t as ts.TypeReference)[0]!;
      path += '[]';
    }
    const isObject = (x: ts.Type) => (x.flags & ts.TypeFlags.Object) !== 0 && checker.getPropertiesOfType(x).length > 0 && !checker.isArrayType(x);
    const parts = t.isUnion() ? t.types : [t];
    if (parts.some(isObject)) for (const part of parts.filter(isObject)) out.push(...pathsOf(part, `${path}.`));
    // A list of plain values is one field.
    else out.push(path.replace(/\[\]$/, ''));
  }
  return [...new Set(out.map((p) => p.replace(LEGAL_ITEMS, 'legal.<item>.')))];
}

function storedFields(doc: (typeof DOCUMENTS)[number]): string[] {
  const paths = doc.types.flatMap(([file, name]) => {
    if (!name.endsWith('#members')) return pathsOf(declaredType(file, name));
    // Each member's fields, as stored beside the common ones.
    const merged = declaredType(file, name.replace('#members', ''));
    return checker.getPropertiesOfType(merged).flatMap((kind) => pathsOf(checker.getTypeOfSymbol(kind)));
  });
  return [...new Set([...paths, ...(doc.extra ?? [])])].sort();
}

/** The backticked first cells of the table under a heading of docs/privacy.md. */
function inventoryFields(heading: string): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'privacy.md'), 'utf8');
  const start = doc.split('\n').findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`docs/privacy.md has no section starting "${heading}"`);
  const rows: string[] = [];
  for (const line of doc.split('\n').slice(start + 1)) {
    if (line.startsWith('#')) break;
    const m = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (m) rows.push(m[1]!);
  }
  return rows.sort();
}

describe('docs/privacy.md, the data inventory', () => {
  it('has a section for every container the code uses', () => {
    expect([...new Set(DOCUMENTS.map((d) => d.container))].sort()).toEqual(Object.keys(CONTAINERS).sort());
  });

  it.each(DOCUMENTS.map((d) => [d.heading, d] as const))('lists exactly the stored fields: %s', (_heading, doc) => {
    const stored = storedFields(doc);
    const listed = inventoryFields(doc.heading);
    expect({ storedButNotListed: stored.filter((f) => !listed.includes(f)), listedButNotStored: listed.filter((f) => !stored.includes(f)) }).toEqual({ storedButNotListed: [], listedButNotStored: [] });
    expect(stored.length).toBeGreaterThan(1);
  });
});

/**
 * What the inventory says each prevention field's retention is, against what
 * the retention rules do (src/privacy/model.ts): on a sample with every field
 * that names someone filled, the fields the rule for former staff changes
 * must name `trainingAfterLeavingYears` in their row, those the years rule
 * changes after it `preventionYears`, and a row naming a rule must be one it
 * changes.
 */
describe('docs/privacy.md, the prevention documents’ retention', () => {
  const sample = preventionSample();
  const policy = DEFAULT_SCHEDULE.retention;
  const afterLeaving = addYears(sample.leftAt.toISOString(), policy.trainingAfterLeavingYears!);
  const afterYears = addYears(sample.at.toISOString(), policy.preventionYears!);
  const day = 86400000;
  const T1 = new Date(afterLeaving.getTime() + day);
  const T2 = new Date(afterYears.getTime() + day);
  const onlyLeaving: RetentionPolicy = { ...policy, preventionYears: null };
  const onlyYears: RetentionPolicy = { ...policy, trainingAfterLeavingYears: null };

  /** Each leaf path of a document and its values, as the inventory writes paths (`comments[].by`, a list of plain values as one). */
  function leaves(doc: unknown, prefix = '', out = new Map<string, unknown[]>()): Map<string, unknown[]> {
    const put = (path: string, value: unknown) => out.set(path, [...(out.get(path) ?? []), value]);
    if (Array.isArray(doc)) {
      if (doc.every((v) => v === null || typeof v !== 'object')) put(prefix, doc);
      else for (const v of doc) leaves(v, `${prefix}[]`, out);
    } else if (doc && typeof doc === 'object') {
      // A map by person id (the staff record's people) is one field.
      if (prefix === 'people') put(prefix, doc);
      else for (const [k, v] of Object.entries(doc)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
    } else put(prefix, doc);
    return out;
  }

  function changed(before: unknown[], after: unknown[]): string[] {
    const a = new Map<string, unknown[]>();
    const b = new Map<string, unknown[]>();
    for (const d of before) leaves(d, '', a);
    for (const d of after) leaves(d, '', b);
    return [...a.keys()].filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)));
  }

  /** The first and the last cell of each backticked row under the heading. */
  function retentionCells(heading: string): Map<string, string> {
    const doc = readFileSync(join(ROOT, 'docs', 'privacy.md'), 'utf8').split('\n');
    const start = doc.findIndex((l) => l.startsWith(heading));
    const rows = new Map<string, string>();
    for (const line of doc.slice(start + 1)) {
      if (line.startsWith('#')) break;
      const cells = line.split('|').map((c) => c.trim());
      const m = /^`([^`]+)`$/.exec(cells[1] ?? '');
      if (m) rows.set(m[1]!, cells[cells.length - 2]!);
    }
    return rows;
  }

  // Each document type: before, after the rule for former staff (T1), and after the years rule on top (T2).
  const gone1 = formerStaff(sample.record, onlyLeaving, T1);
  const entries1 = sample.entries.map((e) => retainTrainingEntry(e, gone1, onlyLeaving, T1) ?? e);
  const record1 = retainStaffRecord(sample.record, onlyLeaving, T1) ?? sample.record;
  const cases: [string, unknown[], unknown[], unknown[]][] = [
    ['### `cases`: skolens risikovurdering', [sample.assessment], [retainAssessment(sample.assessment, onlyLeaving, T1) ?? sample.assessment], [retainAssessment(sample.assessment, onlyYears, T2) ?? sample.assessment]],
    ['### `cases`: en gjennomgang av risikovurderingen', [sample.review], [retainReview(sample.review, onlyLeaving, T1) ?? sample.review], [retainReview(sample.review, onlyYears, T2) ?? sample.review]],
    ['### `cases`: opplæring og øvelse', sample.entries, entries1, entries1.map((e) => retainTrainingEntry(e, new Set(), onlyYears, T2) ?? e)],
    ['### `cases`: hvem som er ny ved skolen', [sample.record], [record1], [retainStaffRecord(record1, onlyYears, T2) ?? record1]],
  ];

  it.each(cases)('%s: each field a rule changes names it, and each rule named changes its field', (heading, before, mid, after) => {
    const cells = retentionCells(heading);
    const byLeaving = changed(before, mid);
    const byYears = changed(mid, after);
    const present = new Set([...before.flatMap((d) => [...leaves(d).keys()])]);
    const wrong: string[] = [];
    for (const [field, cell] of cells) {
      if (!present.has(field)) continue;
      if (byLeaving.includes(field) !== cell.includes('`trainingAfterLeavingYears`')) wrong.push(`${field}: trainingAfterLeavingYears ${byLeaving.includes(field) ? 'changes it' : 'does not change it'}`);
      if (byYears.includes(field) !== cell.includes('`preventionYears`')) wrong.push(`${field}: preventionYears ${byYears.includes(field) ? 'changes it' : 'does not change it'}`);
    }
    expect(wrong).toEqual([]);
    // The sample does reach what the rules change (it would not, were a rule left out of the job's functions).
    expect(byLeaving.length + byYears.length).toBeGreaterThan(0);
  });

  it('names rules the schedule has', () => {
    expect(Object.keys(DEFAULT_SCHEDULE.retention)).toEqual(expect.arrayContaining(['preventionYears', 'trainingAfterLeavingYears']));
  });
});
