/** Texts every feature shares: the names of the laws. Nynorsk and English must have exactly bokmål's keys. */
import { defineStrings } from './i18n';

const nb = {
  legal: {
    laws: {
      aml: 'arbeidsmiljøloven',
      utforelse: 'forskrift om utførelse av arbeid',
      folketrygdloven: 'folketrygdloven',
      opplaringslova: 'opplæringslova',
    },
    formerly: 'tidligere {section}',
  },
};

export type CoreStrings = typeof nb;

const nn: CoreStrings = {
  legal: {
    laws: {
      aml: 'arbeidsmiljølova',
      utforelse: 'forskrift om utføring av arbeid',
      folketrygdloven: 'folketrygdlova',
      opplaringslova: 'opplæringslova',
    },
    formerly: 'tidlegare {section}',
  },
};

const en: CoreStrings = {
  legal: {
    laws: {
      aml: 'Working Environment Act',
      utforelse: 'Regulations concerning the performance of work',
      folketrygdloven: 'National Insurance Act',
      opplaringslova: 'Education Act',
    },
    formerly: 'formerly {section}',
  },
};

export const coreStrings = defineStrings<CoreStrings>({ nb, nn, en });
