import type { UseQueryResult } from '@tanstack/react-query';
import { DataTable, type DataTableProps } from './data-table.tsx';
import { QueryView } from './states.tsx';

/** A `DataTable` of a list query's `items`, behind `QueryView`'s loading and error states. */
export function QueryTable<Row>({ query, loadingRows, ...table }: { query: UseQueryResult<{ items: Row[] }>; loadingRows?: number } & Omit<DataTableProps<Row>, 'rows'>) {
  return (
    <QueryView query={query} loadingRows={loadingRows}>
      {(data) => <DataTable {...table} rows={data.items} />}
    </QueryView>
  );
}
