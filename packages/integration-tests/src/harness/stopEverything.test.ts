import { stopEverything } from './stopEverything';

describe('stopEverything', () => {
  it('runs every step although one hangs and one throws, then names both', async () => {
    const stopped: string[] = [];
    await expect(
      stopEverything(
        [
          ['hanging server', () => new Promise(() => {})],
          [
            'broken proxy',
            () => {
              throw new Error('boom');
            },
          ],
          ['database', () => stopped.push('database')],
        ],
        50,
      ),
    ).rejects.toThrow(
      'could not stop everything:\nhanging server: did not stop in 50 ms\nbroken proxy: boom',
    );
    expect(stopped).toEqual(['database']);
  });

  it('resolves when every step stops', async () => {
    const stopped: string[] = [];
    await stopEverything([
      ['a', async () => stopped.push('a')],
      ['b', () => stopped.push('b')],
    ]);
    expect(stopped).toEqual(['a', 'b']);
  });
});
