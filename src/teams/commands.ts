/** What a typed message asks for. Anything unrecognised opens the report form: that is why people write. */
export type Command = 'help' | 'report' | 'myCases' | 'cases';

const COMMANDS: Record<string, Command> = {
  hjelp: 'help',
  help: 'help',
  '?': 'help',
  'hva kan du': 'help',
  'kva kan du': 'help',
  'mine saker': 'myCases',
  'mine meldinger': 'myCases',
  'mine meldingar': 'myCases',
  'my cases': 'myCases',
  'my reports': 'myCases',
  saker: 'cases',
  'åpne saker': 'cases',
  'opne saker': 'cases',
  cases: 'cases',
  'open cases': 'cases',
};

export function commandOf(text: string | undefined): Command {
  const normalised = (text ?? '').trim().toLowerCase().replace(/[.!]+$/, '').replace(/\s+/g, ' ');
  return COMMANDS[normalised] ?? COMMANDS[normalised.replace(/\?+$/, '')] ?? 'report';
}
