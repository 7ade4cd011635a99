// Names the steps share about the example.
import { join } from 'node:path';

/** The example's entry point, relative to its directory. */
export const SERVER_ENTRY = join('src', 'server.js');
/** A parcel the carrier stub knows. */
export const SHIPPED_PARCEL = 'ZX-4471-0107';
