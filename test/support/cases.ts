/** Cases for unit tests, built through the domain's own constructors. */
import { newCase, type Case } from '../../src/cases/model/case';
import type { WorkItem } from '../../src/core/work';
import { validateReport } from '../../src/cases/model/report';
import { P, TENANT } from './people';

export function aCase(fields: Record<string, string> = {}, reporterId: string = P.tina): Case {
  const result = validateReport(
    { date: '2026-11-20', location: 'classroom', types: 'physical', severity: 'serious', description: 'Slått i armen.', ...fields },
    { today: '2026-11-26', nowTime: '12:00', schoolIds: ['nordby', 'sorby'], defaultSchoolId: 'nordby' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return newCase({ caseId: 'case-00000000000000000000000000000001', reference: 'VT-2026-0001', tenantId: TENANT, reporterId, clientRequestId: 'req-00000001', report: result.report, now: new Date('2026-11-20T10:00:00Z') });
}

/** A stored work item of any kind, for tests that look at fields of several kinds at once. */
export type StoredWork = WorkItem & Record<string, any>;
