import { describe, expect, it } from 'vitest';
import { checkFiles, perFileProgress } from '../src/features/upload/components/upload-queue.ts';

const file = (name: string, size: number) => new File([new Uint8Array(size)], name);
const limits = { max_file_size_bytes: 1000, max_files: 2 };

describe('upload queue checks', () => {
  it('flags files over the size limit and empty files, before sending anything', () => {
    const { queued, problem } = checkFiles([file('ok.txt', 10), file('big.pdf', 1001), file('empty.txt', 0)], { ...limits, max_files: 5 });
    expect(problem).toBeNull();
    expect(queued.map((q) => q.problem)).toEqual([null, 'too large: 1001 B (limit 1000 B)', 'empty file']);
  });

  it('flags too many files for one upload', () => {
    expect(checkFiles([file('a', 1), file('b', 1), file('c', 1)], limits).problem).toBe('Too many files: at most 2 per upload.');
  });
});

describe('per-file progress of one multipart upload', () => {
  it('fills files in order as the bytes go out', () => {
    expect(perFileProgress([100, 100], 0, 200)).toEqual([0, 0]);
    expect(perFileProgress([100, 100], 50, 200)).toEqual([0.5, 0]);
    expect(perFileProgress([100, 100], 150, 200)).toEqual([1, 0.5]);
    expect(perFileProgress([100, 100], 200, 200)).toEqual([1, 1]);
  });

  it('spreads multipart overhead proportionally', () => {
    expect(perFileProgress([300, 100], 220, 440)).toEqual([0.6666666666666666, 0]);
  });
});
