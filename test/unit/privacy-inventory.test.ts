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
