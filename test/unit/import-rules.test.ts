import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkImports, importsOf, type SourceFile } from './helpers/import-rules';

const ROOT = join(__dirname, '..', '..');
const sources: SourceFile[] = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ path: `src/${f.split('\\').join('/')}`, text: readFileSync(join(ROOT, 'src', f), 'utf8') }));

const file = (path: string, text: string): SourceFile => ({ path, text });
const rules = (files: SourceFile[]) => checkImports(files).map((v) => `${v.file} → ${v.imports}: ${v.rule}`);

describe('import rules (docs/architecture.md)', () => {
  it('hold for the source tree', () => {
    expect(sources.length).toBeGreaterThan(40);
    expect(rules(sources)).toEqual([]);
  });

  it('read import statements, telling type-only imports apart', () => {
    expect(importsOf("import type { A } from '../a';\nimport { type B, type C } from './b';\nimport { d, type E } from 'd';\nexport { f } from './f';\nconst g = require('g');")).toEqual([
      { spec: '../a', typeOnly: true },
      { spec: './b', typeOnly: true },
      { spec: 'd', typeOnly: false },
      { spec: './f', typeOnly: false },
      { spec: 'g', typeOnly: false },
    ]);
  });

  it.each([
    ['a feature imports the Teams SDK', file('src/cases/actions.ts', "import { TurnContext } from 'botbuilder';"), 'only src/teams/ and src/index.ts import the Teams SDK'],
    ['core imports teams-ai', file('src/core/registry.ts', "import { Application } from '@microsoft/teams-ai';"), 'only src/teams/ and src/index.ts import the Teams SDK'],
    ['a feature imports src/teams/', file('src/follow-up/work.ts', "import { renderCard } from '../teams/card-renderer';"), 'nothing outside src/teams/ imports it but src/index.ts'],
    ['core imports a feature', file('src/core/dispatcher.ts', "import type { Case } from '../cases/model/case';"), 'src/core/ imports nothing of features, teams, web or config'],
    ["a feature imports another's internals", file('src/follow-up/work.ts', "import { CaseStore } from '../cases/store';"), 'another feature is used only through its index.ts and its model'],
    ['a model imports Cosmos DB', file('src/cases/model/case.ts', "import { Container } from '@azure/cosmos';"), 'model files import no I/O'],
    ['a model imports its store', file('src/follow-up/model.ts', "import { ClusterStore } from './store';"), 'model files import no I/O: only core, models and strings'],
    ['a model imports the work queue', file('src/cases/model/transitions.ts', "import { WorkStore } from '../../core/work-store';"), 'model files import no I/O: only core, models and strings'],
  ])('fail when %s', (_what, bad, rule) => {
    expect(checkImports([bad]).map((v) => v.rule)).toEqual([rule]);
  });

  it('allow what the map allows', () => {
    expect(
      checkImports([
        file('src/index.ts', "import { createTeamsApp } from './teams/app';\nimport { TeamsAdapter } from '@microsoft/teams-ai';"),
        file('src/follow-up/work.ts', "import { schoolName } from '../cases';\nimport { outstandingLegalSteps } from '../cases/model/legal-steps';"),
        file('src/inspection/model.ts', "import { coverage } from '../training/model';"),
        file('src/cases/model/case.ts', "import type { Container } from '@azure/cosmos';\nimport { createHash } from 'node:crypto';\nimport { isRealCalendarDate } from '../../core/clock';"),
        file('src/teams/app.ts', "import { Application } from '@microsoft/teams-ai';\nimport type { Registry } from '../core/registry';"),
      ]),
    ).toEqual([]);
  });
});
