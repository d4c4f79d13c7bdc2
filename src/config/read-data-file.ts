/** Reads a YAML or JSON file (YAML is a superset of JSON) and validates it with a zod schema. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ZodType, ZodTypeDef } from 'zod';
import { ConfigError, formatPath } from './config-error';

export function readDataFile<T>(label: string, file: string, schema: ZodType<T, ZodTypeDef, unknown>): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${label} ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  return parseDataText(label, file, text, schema);
}

export function parseDataText<T>(label: string, file: string, text: string, schema: ZodType<T, ZodTypeDef, unknown>): T {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true });
  } catch (err) {
    throw new ConfigError([`${label} ${file}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${label} ${file}: ${formatPath(i.path)}: ${i.message}`));
  }
  return result.data;
}
