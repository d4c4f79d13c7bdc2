import { join } from 'node:path';
import { loadDirectory } from '../../src/config/directory-file';
import { viewerOf } from '../../src/cases/model/access';
import { isKnownPerson, rolesOf, schoolsOf } from '../../src/core/directory';
import { recipientsOfNewCase } from '../../src/cases/model/recipients';
import { P, TENANT } from '../support/people';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));

describe('role lookup', () => {
  it('finds each role a person holds', () => {
    expect(rolesOf(directory, P.rune).schools.get('nordby')).toEqual(new Set(['principal']));
    expect(rolesOf(directory, P.vera).schools.get('nordby')).toEqual(new Set(['safetyRep']));
    expect([...rolesOf(directory, P.eva).schools.keys()]).toEqual(['nordby', 'sorby']);
    expect(rolesOf(directory, P.siri).owner).toEqual(new Set(['leader']));
    expect(rolesOf(directory, P.hakon).owner).toEqual(new Set(['chiefSafetyRep']));
    expect(rolesOf(directory, P.stranger)).toEqual({ schools: new Map(), owner: new Set() });
  });

  it('knows people by any role or by the people list only', () => {
    expect(isKnownPerson(directory, P.tina)).toBe(true);
    expect(isKnownPerson(directory, P.siri)).toBe(true);
    expect(isKnownPerson(directory, P.nina)).toBe(true);
    expect(isKnownPerson(directory, P.stranger)).toBe(false);
  });

  it('lists the schools a person works at', () => {
    expect(schoolsOf(directory, P.tina).map((s) => s.id)).toEqual(['nordby']);
    expect(schoolsOf(directory, P.eva).map((s) => s.id)).toEqual(['nordby', 'sorby']);
    expect(schoolsOf(directory, P.nina)).toEqual([]);
  });
});

describe('who is told about a new case', () => {
  it("tells the school's principal and safety representative, nobody else, for an ordinary case", () => {
    expect(recipientsOfNewCase(directory, { schoolId: 'nordby', serious: false })).toEqual([
      { aadObjectId: P.rune, role: 'principal' },
      { aadObjectId: P.vera, role: 'safetyRep' },
    ]);
  });

  it("also tells the owner's chief safety representative and leader for a serious case", () => {
    expect(recipientsOfNewCase(directory, { schoolId: 'sorby', serious: true })).toEqual([
      { aadObjectId: P.ola, role: 'principal' },
      { aadObjectId: P.anne, role: 'principal' },
      { aadObjectId: P.kari, role: 'safetyRep' },
      { aadObjectId: P.hakon, role: 'chiefSafetyRep' },
      { aadObjectId: P.siri, role: 'leader' },
    ]);
  });

  it('tells a person with two roles once, in their closest role', () => {
    const both = { ...directory, owner: { ...directory.owner, leaders: [P.rune] } };
    expect(recipientsOfNewCase(both, { schoolId: 'nordby', serious: true }).filter((r) => r.aadObjectId === P.rune)).toEqual([{ aadObjectId: P.rune, role: 'principal' }]);
  });
});

describe('who may see a case', () => {
  const c = { tenantId: TENANT, schoolId: 'nordby', reporterId: P.tina, affectedIds: [P.tina] };
  it.each([
    [P.rune, 'principal'],
    [P.vera, 'safetyRep'],
    [P.siri, 'leader'],
    [P.hakon, 'chiefSafetyRep'],
    [P.tina, 'reporter'],
    [P.ola, null],
    [P.kari, null],
    [P.per, null],
    [P.nina, null],
    [P.stranger, null],
  ])('%s sees it as %s', (person, viewer) => expect(viewerOf(directory, c, person)).toBe(viewer));

  it('shows an affected colleague the case', () => {
    expect(viewerOf(directory, { ...c, reporterId: P.eva, affectedIds: [P.tina] }, P.tina)).toBe('affected');
  });

  it("refuses a case of another tenant even to the school's principal", () => {
    expect(viewerOf(directory, { ...c, tenantId: '00000000-0000-0000-0000-000000000000' }, P.rune)).toBeNull();
  });
});
