/**
 * Detects Norwegian national identity numbers (fødselsnummer, D-number,
 * H-number) in free text, so that a pupil's identity never enters a case.
 *
 * People write them in many ways: 15076500565, 150765 00565, 150765-00565,
 * 15.07.65 00565, grouped 150 765 005 65, with a no-break space, several
 * spaces, an invisible zero-width character, or full-width digits from a
 * phone keyboard. The text is normalised first (Unicode NFKC, invisible
 * characters removed); then digit groups joined by separators (spaces, dots,
 * hyphens and dashes, slashes) are read as one number when together they make
 * 11 digits. A match needs a birth date that exists and two valid mod-11
 * check digits; phone numbers, dates, account numbers and other 11-digit
 * numbers fail one of these. Digits directly next to more digits are never
 * split off: 13 digits in a row are no national identity number.
 */

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Characters that are not there for the reader: zero-width spaces and joiners, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;
/** Digit groups joined by 1 to 8 separators: any space, dots, hyphens and dashes, slashes. */
const CHAIN = /\d+(?:[\s.\-\u2010-\u2015\u2212/]{1,8}\d+)*/g;
const GROUPS_MAX = 5;

function checkDigit(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i], 0);
  const rest = 11 - (sum % 11);
  if (rest === 11) return 0;
  if (rest === 10) return null; // no valid number has this
  return rest;
}

/** The four-digit birth year from the two-digit year and the individual number, or null. */
function birthYear(yy: number, individual: number): number | null {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  return null;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** True when the 11 digits form a valid fødselsnummer, D-number, H-number or synthetic test number. */
export function isNationalIdNumber(elevenDigits: string): boolean {
  if (!/^\d{11}$/.test(elevenDigits)) return false;
  const d = [...elevenDigits].map(Number);
  let day = d[0] * 10 + d[1];
  let month = d[2] * 10 + d[3];
  const yy = d[4] * 10 + d[5];
  const individual = d[6] * 100 + d[7] * 10 + d[8];
  if (day > 40) day -= 40; // D-number
  if (month > 80) month -= 80; // synthetic numbers (Skatteetaten's test persons)
  else if (month > 40) month -= 40; // H-number
  const year = birthYear(yy, individual);
  if (year === null || !isRealDate(year, month, day)) return false;
  const k1 = checkDigit(d, WEIGHTS_1);
  if (k1 === null || k1 !== d[9]) return false;
  const k2 = checkDigit(d, WEIGHTS_2);
  return k2 !== null && k2 === d[10];
}

/** The text as it is compared: compatibility forms folded (full-width digits become 0-9), invisible characters gone. */
export function normaliseForIdCheck(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

/** True when the text contains something that is a valid national identity number, however it is written. */
export function containsNationalIdNumber(text: string): boolean {
  for (const [chain] of normaliseForIdCheck(text).matchAll(CHAIN)) {
    const groups = chain.split(/\D+/);
    // Every run of whole groups that makes 11 digits: "tlf 22 33 44 55 150765 00565" still has one.
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && last - first < GROUPS_MAX; last++) {
        const group = groups[last]!;
        // A one-digit group joins only a number written as one run; a list of single digits is no number.
        if (group.length < 2 && groups.length > 1) break;
        digits += group;
        if (digits.length > 11) break;
        if (digits.length === 11 && isNationalIdNumber(digits)) return true;
      }
    }
  }
  return false;
}
