import { chooseLanguage, fill, languageOf } from '../../src/core/i18n';
import { commandOf } from '../../src/teams/commands';

describe('language', () => {
  it('maps locale tags to bokmål, nynorsk or English', () => {
    expect(languageOf('nb-NO')).toBe('nb');
    expect(languageOf('no')).toBe('nb');
    expect(languageOf('nn-NO')).toBe('nn');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('sv-SE')).toBeUndefined();
  });

  it("prefers the directory's locale, then the client's, then bokmål", () => {
    expect(chooseLanguage('nn-NO', 'nb-NO')).toBe('nn');
    expect(chooseLanguage(undefined, 'en-GB')).toBe('en');
    expect(chooseLanguage('de-DE', 'fr-FR')).toBe('nb');
    expect(chooseLanguage(undefined, undefined)).toBe('nb');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{a} og {b}', { a: 1 })).toBe('1 og {b}');
  });
});

describe('commands', () => {
  it.each(['hjelp', 'Help', 'help!', '?'])('"%s" asks for help', (text) => expect(commandOf(text)).toBe('help'));
  it.each(['meld', 'meld hending', 'report', 'hei', '', undefined])('"%s" opens the report form', (text) => expect(commandOf(text)).toBe('report'));
});
