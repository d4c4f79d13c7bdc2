/** Names as people read them: from the directory, or a neutral word. */
import { displayName, type Directory } from './directory';

export function nameOf(directory: Directory, aadObjectId: string | undefined, fallback: string): string {
  return (aadObjectId && displayName(directory, aadObjectId)) || fallback;
}
