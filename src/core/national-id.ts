/**
 * Detects Norwegian national identity numbers (fødselsnummer, D-number,
 * H-number) in free text, so that a pupil's identity never enters a case.
 *
 * A match needs 11 digits (optionally written 6 + space + 5) that are not part
 * of a longer run of digits, a birth date that exists and two valid mod-11
 * check digits. Phone numbers, dates and other 11-digit numbers fail one of these.
 */

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

// 6 digits, an optional single space, 5 digits; no digit directly before or after.
const CANDIDATE = /(?<![\d])(\d{6}) ?(\d{5})(?![\d])/g;

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

/** True when the text contains something that is a valid national identity number. */
export function containsNationalIdNumber(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    if (isNationalIdNumber(match[1] + match[2])) return true;
  }
  return false;
}
