/** What a typed message asks for: help (the edge's own), a registered command, or else the fallback (the report form). */
import { normaliseCommand, type Command, type Registry } from '../core/registry';

const HELP_WORDS = new Set(['hjelp', 'help', '?', 'hva kan du', 'kva kan du']);

export function commandOf(text: string | undefined, registry?: Registry): 'help' | Command | 'report' {
  const normalised = normaliseCommand(text ?? '');
  if (HELP_WORDS.has(normalised) || HELP_WORDS.has(normalised.replace(/\?+$/, ''))) return 'help';
  return registry?.command(text) ?? 'report';
}
