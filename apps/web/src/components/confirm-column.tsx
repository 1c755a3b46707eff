import { ConfirmButton } from './confirm-button.tsx';
import type { DataColumn } from './data-table.tsx';

/** A table's last column: on each row a danger button (`label`) that asks `question(row)` before `onConfirm(row)`. */
export function confirmColumn<Row>(label: string, question: (row: Row) => string, onConfirm: (row: Row) => void): DataColumn<Row> {
  return {
    header: 'Actions',
    hiddenHeader: true,
    className: 'num',
    cell: (row) => (
      <ConfirmButton question={question(row)} onConfirm={() => onConfirm(row)}>
        {label}
      </ConfirmButton>
    ),
  };
}
