// Column types shared by the features' Drizzle schemas (features/<feature>/schema.ts).
import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL bytea as a Buffer (both drivers: node-postgres gives a Buffer, PGlite a Uint8Array). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});
