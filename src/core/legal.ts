/**
 * Legal references as data. On 1 January 2026 the regulation's chapter on
 * violence and threats moved from 23A to 3A, and AML §4-3 (4) became §4-3 (6);
 * references show the new paragraph with the old one in brackets, so the next
 * renumbering is a change in this table only.
 */

export type LawId = 'aml' | 'utforelse' | 'folketrygdloven' | 'opplaringslova';

export type LegalRefId =
  | 'aml-2-3-2'
  | 'aml-4-3-6'
  | 'aml-5-1'
  | 'aml-5-2'
  | 'aml-6-2'
  | 'fl-13-14'
  | 'forskrift-3a-2'
  | 'forskrift-3a-3'
  | 'forskrift-3a-4'
  | 'forskrift-3a-5'
  | 'forskrift-3a-6'
  | 'oppl-13-3';

export interface LegalRef {
  law: LawId;
  section: string;
  /** The section's number before the last renumbering, if it had another. */
  formerly?: string;
}

export const LEGAL_REFS: Record<LegalRefId, LegalRef> = {
  'aml-2-3-2': { law: 'aml', section: '§ 2-3 (2)' },
  'aml-4-3-6': { law: 'aml', section: '§ 4-3 (6)', formerly: '§ 4-3 (4)' },
  'aml-5-1': { law: 'aml', section: '§ 5-1' },
  'aml-5-2': { law: 'aml', section: '§ 5-2' },
  'aml-6-2': { law: 'aml', section: '§ 6-2' },
  'fl-13-14': { law: 'folketrygdloven', section: '§ 13-14' },
  'forskrift-3a-2': { law: 'utforelse', section: '§ 3A-2', formerly: '§ 23A-1' },
  'forskrift-3a-3': { law: 'utforelse', section: '§ 3A-3', formerly: '§ 23A-4' },
  'forskrift-3a-4': { law: 'utforelse', section: '§ 3A-4', formerly: '§ 23A-3' },
  'forskrift-3a-5': { law: 'utforelse', section: '§ 3A-5', formerly: '§ 23A-2' },
  'forskrift-3a-6': { law: 'utforelse', section: '§ 3A-6', formerly: '§ 23A-5' },
  'oppl-13-3': { law: 'opplaringslova', section: '§ 13-3' },
};

/**
 * Where a legal step is done, as data beside the law: the page (and phone
 * number) a principal uses. Keyed by the case feature's legal step; core
 * knows no feature, so the keys are plain strings here. Arbeidstilsynet takes
 * the notification of a death or serious injury by phone or its form, the
 * written confirmation through the same page; NAV takes the employer's
 * injury report (skademelding) digitally. The police have no single page:
 * the principal calls.
 */
export interface LegalChannel {
  url: string;
  phone?: string;
}

export const LEGAL_CHANNELS: Readonly<Record<string, LegalChannel>> = {
  arbeidstilsynet: { url: 'https://www.arbeidstilsynet.no/kontakt-oss/melde-alvorlig-arbeidsulykke/', phone: '73 19 97 00' },
  confirmation: { url: 'https://www.arbeidstilsynet.no/kontakt-oss/melde-alvorlig-arbeidsulykke/' },
  nav: { url: 'https://www.nav.no/arbeidsgiver/yrkesskade' },
};
