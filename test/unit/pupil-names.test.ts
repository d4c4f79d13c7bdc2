import names from '../../src/core/data/first-names-no.json';
import { firstNameOf, isCommonFirstName, looksLikePupilName, pupilNamesIn } from '../../src/core/pupil-names';

const STAFF = ['Tina Berg', 'Rune Haugen', 'Kari Bakke'].map(firstNameOf);

describe('a free text that seems to name a pupil', () => {
  it.each([
    ['Eleven Ola slo meg i magen.', ['Ola']],
    ['Jeg ble sparket av gutten Ibrahim i friminuttet.', ['Ibrahim']],
    ['jenta Emma kastet en stol mot meg', ['Emma']],
    ['Elev Nora (7B) truet med å slå.', ['Nora']],
    ['Elevene Jonas og Filip sloss, og jeg gikk imellom.', ['Jonas']],
    ['Ali i 5B slo meg med en linjal.', ['Ali']],
    ['Emma på 7. trinn dyttet meg ned trappa.', ['Emma']],
    ['Sofie (9) beit meg i hånda.', ['Sofie']],
    ['Etter timen sa Jakob, 8 år, at han skulle drepe meg.', ['Jakob']],
    // Not in the list, but right after "eleven": most likely a name.
    ['Elev Zlatan dyttet meg.', ['Zlatan']],
    ['Guten Sigurd sparka meg.', ['Sigurd']],
    ['Eleven Anne-Lise kasta saksa.', ['Anne-Lise']],
    ['The pupil Oliver kicked me in the corridor.', ['Oliver']],
    ['A girl Maja threatened me online.', ['Maja']],
  ])('warns: %s', (text, expected) => {
    expect(pupilNamesIn(text, { staffFirstNames: STAFF })).toEqual(expected);
  });

  it.each([
    'Eleven slo meg i armen.',
    'Eleven ble sint og kastet en stol. Tina kom og hjalp meg.',
    'Jeg holdt eleven. Siri kom og hjalp.',
    'Emma slo meg.', // a name alone may be a colleague: only a pupil word, a class or an age makes it a pupil
    'Vi var på tur til Lillehammer med elevene, og på bussen ble jeg slått.',
    'Eleven fra Bergen truet meg på Snapchat.',
    'Eleven sendte meg en trussel på Snapchat og TikTok.',
    'eleven A slo eleven B, og jeg gikk imellom.',
    'Eleven i 5B slo meg.',
    'Rektor Rune Haugen og verneombudet ble varslet.',
    'Per elev er vi to voksne i friminuttet.',
    'Jeg og Tina fikk eleven ned på gulvet.',
    'Jenta Kari snakket med kom og hjalp meg.', // Kari works at the school
    'Eleven\nOla kom etterpå.', // a line break ends the phrase
    'Ola i 2 timer etterpå hadde jeg vondt.',
    'Moren til eleven ringte NAV og Arbeidstilsynet.',
    'Han gikk fra Sandvika kl. 10 i går.',
    '',
  ])('does not warn: %s', (text) => {
    expect(looksLikePupilName(text, { staffFirstNames: STAFF })).toBe(false);
  });

  it('ignores staff names only when told them', () => {
    expect(pupilNamesIn('jenta Kari slo meg')).toEqual(['Kari']);
    expect(pupilNamesIn('jenta Kari slo meg', { staffFirstNames: ['Kari'] })).toEqual([]);
  });

  it('uses a real list of common Norwegian first names, with its source', () => {
    expect(names.about).toMatch(/SSB/);
    expect(names.girls.length + names.boys.length).toBeGreaterThan(250);
    for (const name of ['Emma', 'Nora', 'Jakob', 'Filip', 'Mohammad', 'Håkon']) expect(isCommonFirstName(name)).toBe(true);
    expect(isCommonFirstName('Eleven')).toBe(false);
    expect(isCommonFirstName('Bergen')).toBe(false);
    expect(new Set([...names.girls, ...names.boys]).size).toBe(names.girls.length + names.boys.length);
  });
});
