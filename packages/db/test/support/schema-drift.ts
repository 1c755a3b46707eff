import { createRequire } from 'node:module';
import type pg from 'pg';

/**
 * Compares the database that our SQL migrations produce with prisma/schema.prisma — the
 * check `prisma migrate diff` would make, without Prisma's native schema engine (which our
 * machines cannot download). The schema is read through Prisma's own parser (the
 * prisma-schema-wasm DMMF), the database through pg_catalog; both are reduced to the same
 * plain description and diffed.
 */
export type SchemaShape = {
  enums: Record<string, string[]>;
  tables: Record<string, TableShape>;
};

type TableShape = {
  /** column → "type [not null] [default]" */
  columns: Record<string, string>;
  primaryKey: string;
  /** index name → "[unique ](col, col DESC)" (primary keys excluded) */
  indexes: Record<string, string>;
  /** "cols → table(cols) on delete action" */
  foreignKeys: string[];
};

type DmmfField = {
  name: string;
  dbName: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  nativeType: [string, string[]] | null;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  default?: { name?: string } | unknown;
  isUpdatedAt: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null };
type DmmfIndex = { model: string; type: 'id' | 'unique' | 'normal' | 'fulltext'; dbName?: string; fields: { name: string; sortOrder?: 'asc' | 'desc' }[] };
type Dmmf = { datamodel: { enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[]; models: DmmfModel[]; indexes: DmmfIndex[] } };

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

function nativeTypeOf([name, args]: [string, string[]]): string {
  const arg = args.length ? `(${args.join(',')})` : '';
  switch (name) {
    case 'Uuid':
      return 'uuid';
    case 'Timestamptz':
      return `timestamp${arg} with time zone`;
    case 'Timestamp':
      return `timestamp${arg} without time zone`;
    case 'SmallInt':
      return 'smallint';
    case 'VarChar':
      return `character varying${arg}`;
    default:
      return `${name.toLowerCase()}${arg}`;
  }
}

/** What `schema.prisma` says the database looks like. */
export function expectedSchema(schemaText: string): SchemaShape {
  const wasm = createRequire(import.meta.url)('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
  const { datamodel } = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] }))) as Dmmf;

  const enumNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enums = Object.fromEntries(datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, field: string) => {
    const found = model.fields.find((f) => f.name === field)!;
    return found.dbName ?? found.name;
  };

  const tables: Record<string, TableShape> = {};
  for (const model of datamodel.models) {
    const table = tableOf(model);
    const columns: Record<string, string> = {};
    const foreignKeys: string[] = [];
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (field.relationFromFields?.length) {
          const target = models.get(field.type)!;
          const from = field.relationFromFields.map((name) => columnOf(model, name));
          const to = field.relationToFields!.map((name) => columnOf(target, name));
          const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
          foreignKeys.push(`(${from.join(', ')}) → ${tableOf(target)}(${to.join(', ')}) on delete ${onDelete.toLowerCase()}`);
        }
        continue;
      }
      const type = field.kind === 'enum' ? enumNames.get(field.type)! : field.nativeType ? nativeTypeOf(field.nativeType) : SCALAR_TYPES[field.type]!;
      const defaultName = (field.default as { name?: string } | undefined)?.name;
      // uuid()/cuid() defaults are made by the client, not the database.
      const databaseDefault = field.hasDefaultValue && defaultName !== 'uuid' && defaultName !== 'cuid';
      // Scalar lists are arrays that Prisma Migrate creates without NOT NULL.
      columns[field.dbName ?? field.name] = field.isList ? describeColumn(`${type}[]`, false, databaseDefault) : describeColumn(type, field.isRequired, databaseDefault);
    }

    const indexes: Record<string, string> = {};
    let primaryKey = '';
    for (const index of datamodel.indexes.filter((i) => i.model === model.name)) {
      const cols = index.fields.map((f) => `${columnOf(model, f.name)}${f.sortOrder === 'desc' ? ' DESC' : ''}`);
      if (index.type === 'id') {
        primaryKey = `(${cols.join(', ')})`;
        continue;
      }
      const plainCols = index.fields.map((f) => columnOf(model, f.name));
      const name = index.dbName ?? `${table}_${plainCols.join('_')}_${index.type === 'unique' ? 'key' : 'idx'}`;
      indexes[name] = `${index.type === 'unique' ? 'unique ' : ''}(${cols.join(', ')})`;
    }
    tables[table] = { columns, primaryKey, indexes, foreignKeys: foreignKeys.sort() };
  }
  return { enums, tables };
}

function describeColumn(type: string, notNull: boolean, hasDefault: boolean): string {
  return `${type}${notNull ? ' not null' : ''}${hasDefault ? ' default' : ''}`;
}

const ON_DELETE: Record<string, string> = { a: 'noaction', r: 'restrict', c: 'cascade', n: 'setnull', d: 'setdefault' };

/** What the database connected to `client` looks like (schema `public`, Prisma's bookkeeping excluded). */
export async function actualSchema(client: pg.Client): Promise<SchemaShape> {
  const enumRows = await client.query<{ name: string; value: string }>(`
    SELECT t.typname AS name, e.enumlabel AS value
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`);
  const enums: Record<string, string[]> = {};
  for (const row of enumRows.rows) (enums[row.name] ??= []).push(row.value);

  const columnRows = await client.query<{ table: string; column: string; type: string; not_null: boolean; has_default: boolean }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, a.atthasdef AS has_default
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname, a.attnum`);
  const tables: Record<string, TableShape> = {};
  const tableShape = (name: string) => (tables[name] ??= { columns: {}, primaryKey: '', indexes: {}, foreignKeys: [] });
  for (const row of columnRows.rows) {
    tableShape(row.table).columns[row.column] = describeColumn(row.type.replace(/^"|"$/g, ''), row.not_null, row.has_default);
  }

  const indexRows = await client.query<{ table: string; name: string; primary: boolean; definition: string }>(`
    SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, pg_get_indexdef(x.indexrelid) AS definition
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const row of indexRows.rows) {
    const columns = row.definition.slice(row.definition.indexOf('(')).replace(/"/g, '');
    if (row.primary) tableShape(row.table).primaryKey = columns;
    else tableShape(row.table).indexes[row.name] = `${/^CREATE UNIQUE/.test(row.definition) ? 'unique ' : ''}${columns}`;
  }

  const keyRows = await client.query<{ table: string; target: string; columns: string[]; target_columns: string[]; on_delete: string }>(`
    SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS target, c.confdeltype AS on_delete,
           ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY ord)::text[] AS columns,
           ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY ord)::text[] AS target_columns
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'`);
  for (const row of keyRows.rows) {
    const table = row.table.replace(/"/g, '');
    tableShape(table).foreignKeys.push(`(${row.columns.join(', ')}) → ${row.target.replace(/"/g, '')}(${row.target_columns.join(', ')}) on delete ${ON_DELETE[row.on_delete]}`);
  }
  for (const shape of Object.values(tables)) shape.foreignKeys.sort();
  return { enums, tables };
}

/** Every difference, one readable line each; empty when the two agree. */
export function diffSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const differences: string[] = [];
  const compare = (what: string, want: Record<string, unknown>, have: Record<string, unknown>) => {
    for (const key of new Set([...Object.keys(want), ...Object.keys(have)])) {
      const w = JSON.stringify(want[key]);
      const h = JSON.stringify(have[key]);
      if (w === h) continue;
      if (want[key] === undefined) differences.push(`${what} ${key}: in the database (${h}) but not in schema.prisma`);
      else if (have[key] === undefined) differences.push(`${what} ${key}: in schema.prisma (${w}) but not in the database`);
      else differences.push(`${what} ${key}: schema.prisma says ${w}, the database has ${h}`);
    }
  };
  compare('enum', expected.enums, actual.enums);
  for (const table of new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)])) {
    const want = expected.tables[table];
    const have = actual.tables[table];
    if (!want || !have) {
      differences.push(`table ${table}: ${want ? 'in schema.prisma but not in the database' : 'in the database but not in schema.prisma'}`);
      continue;
    }
    compare(`column ${table}.`, want.columns, have.columns);
    compare(`primary key of`, { [table]: want.primaryKey }, { [table]: have.primaryKey });
    compare(`index on ${table}:`, want.indexes, have.indexes);
    compare(`foreign keys of`, { [table]: want.foreignKeys }, { [table]: have.foreignKeys });
  }
  return differences.map((line) => line.replace(/\. /, '.'));
}
