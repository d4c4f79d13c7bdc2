import { validateReport, isSerious, type ReportContext } from '../../src/cases/model/report';
import { viewerOf } from '../../src/cases/model/access';
import { checkInRecipients, exposedToTell } from '../../src/cases/model/recipients';
import { newCase } from '../../src/cases/model/case';
import { P, TENANT } from '../support/people';
import { loadDirectory } from '../../src/config/directory-file';
import { staffOf } from '../../src/core/directory';
import { join } from 'node:path';

const directory = loadDirectory(join(__dirname, '../fixtures/directory.yaml'));

/** A case of Nordby reported by Tina with these answers to "Hvem ble utsatt?". */
function aCase(fields: Record<string, string>) {
  const result = validateReport({ ...minimal, ...fields }, { ...ctx, reporterId: P.tina, staffOf: (id) => staffOf(directory, id) });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return newCase({ caseId: 'case-1', reference: 'VT-2026-0001', tenantId: TENANT, reporterId: P.tina, clientRequestId: 'req-00000001', report: result.report, colleagueIds: result.colleagueIds, now: new Date('2026-11-26T10:00:00Z') });
}

const ctx: ReportContext = { today: '2026-11-26', nowTime: '14:30', schoolIds: ['nordby', 'sorby'], defaultSchoolId: 'nordby' };

const minimal = { date: '2026-11-26', location: 'classroom', types: 'physical', severity: 'minor', description: 'Ble slått i armen i friminuttet.' };

function errorsOf(input: Record<string, unknown>, context = ctx) {
  const result = validateReport(input, context);
  return result.ok ? {} : result.errors;
}

describe('validateReport', () => {
  it('accepts the five required fields alone and fills the defaults', () => {
    const result = validateReport(minimal, ctx);
    expect(result).toEqual({
      ok: true,
      report: {
        date: '2026-11-26',
        location: 'classroom',
        types: ['physical'],
        severity: 'minor',
        description: 'Ble slått i armen i friminuttet.',
        seriousInjury: false,
        sickLeave: false,
        medicalTreatment: false,
        policeInvolved: false,
        physicalIntervention: false,
        riskFactors: [],
        reporterIsAffected: true,
        affected: ['me'],
        schoolId: 'nordby',
      },
      colleagueIds: [],
    });
  });

  it('reads every field as Adaptive Card inputs send them', () => {
    const result = validateReport(
      {
        ...minimal,
        time: '09:15',
        types: 'physical,threat',
        severity: 'very-serious',
        perpetrator: 'pupil',
        pupilStage: '5-7',
        injury: 'both',
        seriousInjury: 'true',
        sickLeave: 'false',
        medicalTreatment: 'true',
        policeInvolved: 'true',
        physicalIntervention: 'true',
        riskFactors: 'alone,staffing',
        immediateActions: 'Tok eleven ut av klassen.',
        reporterIsAffected: 'false',
        schoolId: 'sorby',
      },
      ctx,
    );
    expect(result.ok && result.report).toMatchObject({
      time: '09:15',
      types: ['physical', 'threat'],
      perpetrator: 'pupil',
      pupilStage: '5-7',
      injury: 'both',
      seriousInjury: true,
      sickLeave: false,
      medicalTreatment: true,
      riskFactors: ['alone', 'staffing'],
      reporterIsAffected: false,
      schoolId: 'sorby',
    });
  });

  it('names every missing required field', () => {
    expect(errorsOf({})).toEqual({ date: 'required', location: 'required', types: 'required', severity: 'required', description: 'required' });
  });

  it('treats blank strings as missing', () => {
    expect(errorsOf({ ...minimal, description: '   ', location: '' })).toEqual({ description: 'required', location: 'required' });
  });

  it('refuses a date in the future, and a time later today', () => {
    expect(errorsOf({ ...minimal, date: '2026-11-27' })).toEqual({ date: 'future' });
    expect(errorsOf({ ...minimal, time: '15:00' })).toEqual({ time: 'future' });
    expect(errorsOf({ ...minimal, date: '2026-11-25', time: '23:00' })).toEqual({});
  });

  it('refuses dates and times that do not exist', () => {
    expect(errorsOf({ ...minimal, date: '2026-02-30' })).toEqual({ date: 'invalidDate' });
    expect(errorsOf({ ...minimal, date: '26.11.2026' })).toEqual({ date: 'invalidDate' });
    expect(errorsOf({ ...minimal, time: '24:00' })).toEqual({ time: 'invalidTime' });
  });

  it('refuses values that are not among the choices', () => {
    expect(errorsOf({ ...minimal, location: 'roof', types: 'physical,kicking', severity: 'extreme', perpetrator: 'alien', riskFactors: 'moon' })).toEqual({
      location: 'invalidChoice',
      types: 'invalidChoice',
      severity: 'invalidChoice',
      perpetrator: 'invalidChoice',
      riskFactors: 'invalidChoice',
    });
  });

  it('refuses a toggle that is neither true nor false', () => {
    expect(errorsOf({ ...minimal, seriousInjury: 'yes' })).toEqual({ seriousInjury: 'invalidToggle' });
  });

  it('limits the description to 4000 characters, counting characters rather than bytes', () => {
    expect(errorsOf({ ...minimal, description: 'æ'.repeat(4000) })).toEqual({});
    expect(errorsOf({ ...minimal, description: 'a'.repeat(4001) })).toEqual({ description: 'tooLong' });
    expect(errorsOf({ ...minimal, immediateActions: 'a'.repeat(2001) })).toEqual({ immediateActions: 'tooLong' });
  });

  it('refuses a national identity number in either text field', () => {
    expect(errorsOf({ ...minimal, description: 'Eleven (15076500565) slo meg' })).toEqual({ description: 'nationalId' });
    expect(errorsOf({ ...minimal, immediateActions: 'Ringte foresatte om 150765 00565' })).toEqual({ immediateActions: 'nationalId' });
    // However it is written.
    expect(errorsOf({ ...minimal, description: 'Eleven 150314-51350 slo meg' })).toEqual({ description: 'nationalId' });
    expect(errorsOf({ ...minimal, immediateActions: 'Ringte om 15.03.14\u200B 51350' })).toEqual({ immediateActions: 'nationalId' });
    expect(errorsOf({ ...minimal, description: 'Ring meg på 91234567' })).toEqual({});
  });

  it('requires a school choice when the reporter has no default school, and only one they may report for', () => {
    const noDefault = { ...ctx, defaultSchoolId: undefined };
    expect(errorsOf(minimal, noDefault)).toEqual({ schoolId: 'required' });
    expect(errorsOf({ ...minimal, schoolId: 'elsewhere' }, noDefault)).toEqual({ schoolId: 'invalidChoice' });
    expect(errorsOf({ ...minimal, schoolId: 'sorby' }, noDefault)).toEqual({});
  });

  it('drops the pupil stage unless a pupil did it', () => {
    const result = validateReport({ ...minimal, perpetrator: 'guardian', pupilStage: '1-4' }, ctx);
    expect(result.ok && result.report.pupilStage).toBeUndefined();
  });

  it('keeps only the fields of the form', () => {
    const result = validateReport({ ...minimal, pupilName: 'Ola', extra: 1 }, ctx);
    expect(result.ok && Object.keys(result.report)).not.toContain('pupilName');
  });

  it('de-duplicates multi-select values', () => {
    const result = validateReport({ ...minimal, types: 'threat,threat,physical' }, ctx);
    expect(result.ok && result.report.types).toEqual(['threat', 'physical']);
  });
});

describe('a report that seems to name a pupil', () => {
  it('warns at the field, not stored, until the reporter confirms; the confirmation is not part of the report', () => {
    expect(errorsOf({ ...minimal, description: 'Eleven Emma slo meg.' })).toEqual({ description: 'pupilName' });
    expect(errorsOf({ ...minimal, immediateActions: 'Jeg tok med meg jenta Nora ut.' })).toEqual({ immediateActions: 'pupilName' });
    const sent = validateReport({ ...minimal, description: 'Eleven Emma slo meg.', confirmNoNames: 'true' }, ctx);
    expect(sent.ok && sent.report.description).toBe('Eleven Emma slo meg.');
    expect(sent.ok && Object.keys(sent.report)).not.toContain('confirmNoNames');
  });

  it('shows the warning beside the other problems, and never instead of a national id', () => {
    expect(errorsOf({ ...minimal, date: '', description: 'Gutten Ali slo meg.' })).toEqual({ date: 'required', description: 'pupilName' });
    expect(errorsOf({ ...minimal, description: 'Eleven Ali, 15076500565, slo meg.', confirmNoNames: 'true' })).toEqual({ description: 'nationalId' });
  });

  it('does not take the school’s staff for pupils', () => {
    expect(errorsOf({ ...minimal, description: 'Jenta Tina snakket med, slo meg.' }, { ...ctx, staffFirstNames: ['Tina'] })).toEqual({});
  });
});

describe('isSerious', () => {
  it('is very serious severity or a serious injury', () => {
    expect(isSerious({ severity: 'very-serious', seriousInjury: false })).toBe(true);
    expect(isSerious({ severity: 'minor', seriousInjury: true })).toBe(true);
    expect(isSerious({ severity: 'serious', seriousInjury: false })).toBe(false);
  });
});

describe('who was exposed ("Hvem ble utsatt?")', () => {
  const staff: Record<string, string[]> = { nordby: [P.tina, P.rune, P.vera, P.eva], sorby: [P.per, P.ola, P.eva] };
  const withStaff: ReportContext = { ...ctx, reporterId: P.tina, staffOf: (id) => staff[id] ?? [] };

  it('defaults to the reporter', () => {
    const result = validateReport(minimal, withStaff);
    expect(result.ok && [result.report.affected, result.report.reporterIsAffected, result.colleagueIds]).toEqual([['me'], true, []]);
  });

  it('takes colleagues of the chosen school, a pupil and others, without the reporter when she only witnessed it', () => {
    const result = validateReport({ ...minimal, affected: `${P.eva.toUpperCase()}, pupil,other,${P.eva}` }, withStaff);
    expect(result.ok && [result.report.affected, result.report.reporterIsAffected, result.colleagueIds]).toEqual([['colleague', 'pupil', 'other'], false, [P.eva]]);
    const both = validateReport({ ...minimal, affected: `me,${P.rune}` }, withStaff);
    expect(both.ok && [both.report.affected, both.colleagueIds]).toEqual([['me', 'colleague'], [P.rune]]);
    // Choosing oneself among the colleagues is "me".
    const self = validateReport({ ...minimal, affected: P.tina }, withStaff);
    expect(self.ok && [self.report.affected, self.colleagueIds]).toEqual([['me'], []]);
  });

  it('refuses anyone not on the chosen school’s staff, unknown words and other shapes, with the field named', () => {
    expect(errorsOf({ ...minimal, affected: P.per }, withStaff)).toEqual({ affected: 'invalidChoice' });
    expect(errorsOf({ ...minimal, affected: P.stranger }, withStaff)).toEqual({ affected: 'invalidChoice' });
    expect(errorsOf({ ...minimal, affected: 'me,Ola Nordmann' }, withStaff)).toEqual({ affected: 'invalidChoice' });
    expect(errorsOf({ ...minimal, affected: { id: P.eva } }, withStaff)).toEqual({ affected: 'invalidChoice' });
    // Sørby's staff are valid for a case of Sørby.
    const sorby = validateReport({ ...minimal, schoolId: 'sorby', affected: P.per }, withStaff);
    expect(sorby.ok && sorby.colleagueIds).toEqual([P.per]);
  });

  it('reads an older client’s toggle when the field is absent', () => {
    const witness = validateReport({ ...minimal, reporterIsAffected: 'false' }, withStaff);
    expect(witness.ok && [witness.report.affected, witness.report.reporterIsAffected]).toEqual([[], false]);
  });

  it('puts the named colleagues on the case, so they get the check-ins and see it as the reporter does', () => {
    const c = aCase({ affected: `${P.eva},pupil` });
    expect(c.affectedIds).toEqual([P.eva]);
    expect(checkInRecipients(c)).toEqual([P.eva]);
    expect(viewerOf(directory, c, P.eva)).toBe('affected');
    expect(viewerOf(directory, c, P.tina)).toBe('reporter');
    expect(viewerOf(directory, c, P.per)).toBeNull();
    const both = aCase({ affected: `me,${P.eva}` });
    expect(both.affectedIds).toEqual([P.tina, P.eva]);
    expect(exposedToTell(directory, both)).toEqual([P.eva]);
  });
});
