import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable, type DataColumn } from '../src/components/data-table.tsx';

afterEach(cleanup);

type Fruit = { id: string; name: string; count: number };
const columns: Array<DataColumn<Fruit>> = [
  { header: 'Name', cell: (fruit) => fruit.name },
  { header: 'Count', className: 'num', cellClassName: 'muted', cell: (fruit) => fruit.count },
  { header: 'Actions', hiddenHeader: true, cell: (fruit, index) => `#${index} ${fruit.id}` },
];
const fruits: Fruit[] = [
  { id: 'a', name: 'apple', count: 3 },
  { id: 'b', name: 'pear', count: 5 },
];

describe('DataTable', () => {
  it('is a table named by its label, whose rows and cells are found by role and name', () => {
    render(<DataTable label="Fruit" columns={columns} rows={fruits} rowKey={(fruit) => fruit.id} />);
    const table = screen.getByRole('table', { name: 'Fruit' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    const pear = within(table).getByRole('row', { name: /pear/ });
    expect(within(pear).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['pear', '5', '#1 b']);
  });

  it('gives a column class to its heading and cells, a cell class to the cells only, and hides a hidden heading but for screen readers', () => {
    render(<DataTable label="Fruit" columns={columns} rows={fruits} rowKey={(fruit) => fruit.id} />);
    const [name, count, actions] = screen.getAllByRole('columnheader');
    expect([name!.className, count!.className]).toEqual(['', 'num']);
    expect(screen.getAllByRole('cell', { name: '3' })[0]!.className).toBe('num muted');
    expect(actions!.querySelector('.sr-only')?.textContent).toBe('Actions');
  });

  it('shows the empty state instead of a table when there is nothing to list', () => {
    render(<DataTable label="Fruit" columns={columns} rows={[]} rowKey={(fruit) => fruit.id} empty={<p>No fruit yet.</p>} />);
    expect(screen.getByText('No fruit yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows nothing at all for an empty list when the empty state is null, and the bare headings when there is none', () => {
    const { container } = render(<DataTable label="Fruit" columns={columns} rows={[]} rowKey={(fruit) => fruit.id} empty={null} />);
    expect(container.innerHTML).toBe('');
    cleanup();
    render(<DataTable label="Fruit" columns={columns} rows={[]} rowKey={(fruit) => fruit.id} />);
    expect(screen.getAllByRole('columnheader')).toHaveLength(3);
  });
});
