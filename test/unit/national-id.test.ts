import { containsNationalIdNumber, isNationalIdNumber } from '../../src/core/national-id';

// Valid numbers, their check digits computed independently (see the test below for the rule).
const VALID = [
  '15076500565', // fødselsnummer, 15.07.1965
  '29020050169', // 29.02.2000: a leap day in a leap year
  '08118510195', // 08.11.1985
  '01010100131', // 01.01.1901
  '45019900162', // D-number: day + 40
];

describe('isNationalIdNumber', () => {
  it.each(VALID)('accepts %s', (n) => expect(isNationalIdNumber(n)).toBe(true));

  it('rejects a wrong first check digit', () => expect(isNationalIdNumber('15076500575')).toBe(false));
  it('rejects a wrong second check digit', () => expect(isNationalIdNumber('15076500566')).toBe(false));
  it('rejects a date that does not exist even with good check digits', () => {
    // 29.02.1900 does not exist; individual number 001 puts it in the 1900s.
    const base = '290200001';
    expect(isNationalIdNumber(withCheckDigits(base))).toBe(false);
  });
  it('rejects month 13', () => expect(isNationalIdNumber(withCheckDigits('011390123'))).toBe(false));
  it('accepts an H-number (month + 40)', () => expect(isNationalIdNumber(withCheckDigits('015290123'))).toBe(true));
  it('accepts a synthetic test number (month + 80)', () => expect(isNationalIdNumber(withCheckDigits('018290123'))).toBe(true));
  it('rejects non-digits and wrong lengths', () => {
    expect(isNationalIdNumber('1507650056')).toBe(false);
    expect(isNationalIdNumber('150765005655')).toBe(false);
    expect(isNationalIdNumber('1507650056a')).toBe(false);
  });
});

describe('containsNationalIdNumber', () => {
  it('finds a number in text', () => expect(containsNationalIdNumber('Eleven har fnr 15076500565 og ble sint')).toBe(true));
  it('finds a number written 6 + space + 5', () => expect(containsNationalIdNumber('fnr: 150765 00565.')).toBe(true));
  it('finds a number at the start and the end', () => {
    expect(containsNationalIdNumber('15076500565')).toBe(true);
    expect(containsNationalIdNumber('se 08118510195')).toBe(true);
  });

  // The same number as people type it (15076500565, and the 15031451350).
  it.each([
    ['with a hyphen', '150314-51350'],
    ['as a date and a number', 'elev 15.03.14 51350'],
    ['with a no-break space', 'fnr 150765\u00A000565'],
    ['with a narrow no-break space', 'fnr 150765\u202F00565'],
    ['with a zero-width space inside', 'fnr 1507650\u200B0565'],
    ['with a zero-width joiner and a soft hyphen', 'fnr 15\u200D07\u00AD6500565'],
    ['with several spaces', 'fnr 150765     00565'],
    ['grouped 3-3-3-2', 'fnr 150 765 005 65'],
    ['grouped 2-2-2-5 with dashes', 'fnr 15–07–65–00565'],
    ['in full-width digits', 'fnr １５０７６５００５６５'],
    ['full-width, grouped', 'fnr １５０７６５ ００５６５'],
    ['across a line break', 'fnr 150765\n00565'],
    ['after a phone number', 'ring 22 33 44 55 150765 00565'],
  ])('finds a number written %s', (_label, text) => expect(containsNationalIdNumber(text)).toBe(true));

  it.each([
    ['a Norwegian mobile number', 'Ring meg på 91234567 eller +47 912 34 567'],
    ['a phone number with country code as one run', 'tlf 4791234567'],
    ['dates', 'Det skjedde 15.07.2024 kl. 10:30, og igjen 2024-07-15'],
    ['a date written as digits', 'dato 15072024'],
    ['11 digits with bad check digits', 'saksnr 12345678901'],
    ['a valid number inside a longer run of digits', 'ref 1150765005651'],
    ['a bank account number', 'konto 1234.56.78903'],
    ['an organisation number', 'org.nr. 974 760 673'],
    ['the time and room numbers', 'rom 203, kl. 1130, elev nr. 12'],
    ['a phone number in groups', 'tlf. 22 33 44 55 eller 915 12 345'],
    ['phone numbers with no-break spaces', 'tlf.\u00A0+47\u00A0915\u00A012\u00A0345'],
    ['an account number in groups', 'konto 1503 14 51351 og 1234 56 78903'],
    ['dates and times in a row', '15.03.2014 kl. 10.15–10.45, og 16.03.14'],
    ['a list of small numbers', 'elevene 1, 2, 3 4 5 6 7 8 9 10 11'],
    ['an ordinary amount', 'skaden kostet 15 076 500 kroner'],
    ['full-width ordinary numbers', '電話 ０９１２３４５６７'],
  ])('ignores %s', (_label, text) => expect(containsNationalIdNumber(text)).toBe(false));
});

/** The mod-11 rule, written out independently of the implementation, to build test numbers. */
function withCheckDigits(nine: string): string {
  const d = [...nine].map(Number);
  const k1 = mod11(d, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  const k2 = mod11([...d, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  if (k1 === 10 || k2 === 10) throw new Error(`no valid number starts with ${nine}`);
  return `${nine}${k1}${k2}`;
}

function mod11(digits: number[], weights: number[]): number {
  const r = 11 - (digits.reduce((sum, x, i) => sum + x * weights[i], 0) % 11);
  return r === 11 ? 0 : r;
}
