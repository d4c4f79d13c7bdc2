/** What a typed message asks for. Anything unrecognised opens the report form: that is why people write. */
export type Command = 'help' | 'report';

const HELP = new Set(['hjelp', 'help', '?', 'hjelp meg', 'hva kan du', 'kva kan du']);

export function commandOf(text: string | undefined): Command {
  const normalised = (text ?? '').trim().toLowerCase().replace(/[.!?]+$/, '');
  if (HELP.has(normalised) || HELP.has((text ?? '').trim())) return 'help';
  return 'report';
}
