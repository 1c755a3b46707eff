import type { ReactNode } from 'react';

export type DataColumn<Row> = {
  /** The column's heading; with `hiddenHeader` only screen readers get it (a column of buttons). */
  header: string;
  hiddenHeader?: boolean;
  cell: (row: Row, index: number) => ReactNode;
  /** Classes of the heading and every cell: `num` (right-aligned figures), `hide-narrow` (gone at phone width), a width class. */
  className?: string;
  /** Classes of the cells only, e.g. `muted`. */
  cellClassName?: string;
};

export type DataTableProps<Row> = {
  label: string;
  columns: Array<DataColumn<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  empty?: ReactNode;
};

/**
 * Every list on the dashboard: a real `<table>` named by `label` (so rows and cells can be
 * found by role and name), one row per item keyed by `rowKey`, scrolling sideways on a
 * narrow screen; `empty` (`null`: nothing at all) instead of a table when there is nothing to list.
 */
export function DataTable<Row>({ label, columns, rows, rowKey, empty }: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} className={column.className}>
                {column.hiddenHeader ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <td key={column.header} className={[column.className, column.cellClassName].filter(Boolean).join(' ') || undefined}>
                  {column.cell(row, index)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
