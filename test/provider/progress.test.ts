import { progressReporter } from '../../provider/progress';

const action = { id: 7, status: 'IN_PROGRESS', process: 'STOP_INSTANCE' };

describe('progress lines', () => {
  it('prints the resource, operation, action id, status and elapsed time on change and periodically', () => {
    const lines: string[] = [];
    const report = progressReporter('compute.Instance web01', 10_000, (l) => lines.push(l));
    report({ actionId: 7, status: 'IN_PROGRESS', elapsedMs: 0, action });
    report({ actionId: 7, status: 'IN_PROGRESS', elapsedMs: 4_000, action }); // too soon, same status
    report({ actionId: 7, status: 'IN_PROGRESS', elapsedMs: 12_500, action });
    report({ actionId: 7, status: 'SUCCESS', elapsedMs: 13_000, action: { ...action, status: 'SUCCESS' } });
    expect(lines).toEqual([
      'itcare: compute.Instance web01: STOP_INSTANCE action 7 IN_PROGRESS (0.0 s)',
      'itcare: compute.Instance web01: STOP_INSTANCE action 7 IN_PROGRESS (12.5 s)',
      'itcare: compute.Instance web01: STOP_INSTANCE action 7 SUCCESS (13.0 s)',
    ]);
  });
});

describe('the default writer', () => {
  it("writes each line to stderr, newline-terminated (the Pulumi CLI passes the provider's stderr through)", () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      progressReporter('compute.Instance web02')({ actionId: 8, status: 'IN_PROGRESS', elapsedMs: 1_500, action: { ...action, id: 8 } });
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual(['itcare: compute.Instance web02: STOP_INSTANCE action 8 IN_PROGRESS (1.5 s)\n']);
  });
});
