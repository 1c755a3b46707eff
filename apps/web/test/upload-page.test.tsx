import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UploadPage } from '../src/features/upload/components/upload-page.tsx';
import { PERSONAL, renderInOrganization } from './support/organization-fixtures.tsx';

// The server's answer to GET /api/jobs/limits; nothing else is fetched before an upload.
beforeEach(() => {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ max_file_size_bytes: 1024, max_files: 2 }), { status: 200, headers: { 'content-type': 'application/json' } }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderPage = () => renderInOrganization(<UploadPage />, { active: PERSONAL }).user;

const file = (name: string, size: number) => new File([new Uint8Array(size).fill(65)], name, { type: 'text/plain' });

describe('upload page', () => {
  it("states the server's limits and queues chosen files with a progress bar each", async () => {
    const user = renderPage();
    expect(await screen.findByText(/up to 1\.0 KB each and 2 per upload/)).toBeTruthy();
    await user.upload(screen.getByTestId('file-input'), [file('a.txt', 10), file('b.txt', 20)]);
    expect(screen.getAllByRole('progressbar')).toHaveLength(2);
    expect((screen.getByRole('button', { name: 'Upload 2 files' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('blocks an oversized file and too many files before sending anything', async () => {
    const user = renderPage();
    await screen.findByText(/per upload/);
    await user.upload(screen.getByTestId('file-input'), [file('big.txt', 2048)]);
    expect(screen.getByText('too large: 2.0 KB (limit 1.0 KB)')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Upload 1 file' }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Remove big.txt' }));
    await user.upload(screen.getByTestId('file-input'), [file('a.txt', 1), file('b.txt', 1), file('c.txt', 1)]);
    expect(screen.getByRole('alert').textContent).toBe('Too many files: at most 2 per upload.');
    expect((screen.getByRole('button', { name: 'Upload 3 files' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
