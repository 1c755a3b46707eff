import { afterAll, beforeAll, expect, it } from 'vitest';
import { displayNameSchema } from '@docket/contracts/common';
import { databaseBefore, type DatabaseBefore } from './support/database-before.ts';

let database: DatabaseBefore;

beforeAll(async () => {
  database = await databaseBefore('20261201300000_display_names_normalized');
});
afterAll(async () => {
  await database?.drop();
});

it('brings names stored before normalisation to the form the API gives new ones', async () => {
  const stored = [
    'Plain name',
    'invoice\u202Efdp.exe', // a bidi override disguising the name
    'Cafe\u0301 Zu\u0308rich', // decomposed accents: NFC composes them
    '  \u00a0padded\u3000 ',
    'zero\u200Bwidth\uFEFF and soft\u00ADhyphen',
    'tab\there, line\u2028break, tag\u{E0041}',
    'emoji 🧾 and 日本語 stay',
    '\u200B\u200D\u2060',
  ];
  const { rows: inserted } = await database.client.query<{ id: string }>('INSERT INTO organizations (name) SELECT unnest($1::text[]) RETURNING id', [stored]);

  await database.migrateRest();

  const { rows } = await database.client.query<{ id: string; name: string }>('SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])', [inserted.map((row) => row.id)]);
  const byId = new Map(rows.map((row) => [row.id, row.name]));
  const schema = displayNameSchema(100);
  // Exactly what the API stores for the same input, and 'unnamed' where nothing is left.
  const expected = stored.map((input) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? parsed.data : 'unnamed';
  });
  expect(inserted.map((row) => byId.get(row.id))).toEqual(expected);
  expect(expected.slice(0, 4)).toEqual(['Plain name', 'invoicefdp.exe', 'Café Zürich', 'padded']);
});
