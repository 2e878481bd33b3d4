import { z } from 'zod';
import { formatITCareDate, itcareDate, parseITCareDate } from '../../sdk/dates';

describe('ITCare dates', () => {
  it('parses the colon-less offset form Java writes', () => {
    expect(parseITCareDate('2016-06-01T12:27:19.000+0200')?.toISOString()).toBe('2016-06-01T10:27:19.000Z');
  });
  it('parses Z and +02:00 forms, and microseconds', () => {
    expect(parseITCareDate('2025-07-06T11:01:21.263Z')?.toISOString()).toBe('2025-07-06T11:01:21.263Z');
    expect(parseITCareDate('2025-07-06T13:01:21+02:00')?.toISOString()).toBe('2025-07-06T11:01:21.000Z');
    expect(parseITCareDate('2025-07-06T11:01:21.263456-0130')?.toISOString()).toBe('2025-07-06T12:31:21.263Z');
  });
  it('rejects dates without a zone or malformed ones', () => {
    expect(parseITCareDate('2025-07-06T11:01:21')).toBeUndefined();
    expect(parseITCareDate('yesterday')).toBeUndefined();
    expect(itcareDate.safeParse('2025-13-45T99:01:21Z').success).toBe(false);
  });
  it('round-trips through the codec in ITCare form', () => {
    const decoded = z.decode(itcareDate, '2016-06-01T12:27:19.000+0200');
    expect(decoded).toBeInstanceOf(Date);
    const encoded = z.encode(itcareDate, decoded);
    expect(encoded).toBe('2016-06-01T10:27:19.000+0000');
    expect(parseITCareDate(encoded)?.getTime()).toBe(decoded.getTime());
    expect(formatITCareDate(new Date(0))).toBe('1970-01-01T00:00:00.000+0000');
  });

  it.each([
    ['2025-07-06T11:01Z', '2025-07-06T11:01:00.000Z'],
    ['2025-07-06T11:01:21.2Z', '2025-07-06T11:01:21.200Z'],
    ['2025-07-06T11:01:21.123456789Z', '2025-07-06T11:01:21.123Z'],
    ['2025-07-06T11:01:21-0000', '2025-07-06T11:01:21.000Z'],
    ['2025-07-06T23:59:59+14:00', '2025-07-06T09:59:59.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseITCareDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2025-7-06T11:01:21Z',
    '25-07-06T11:01:21Z',
    '2025-07-6T11:01:21Z',
    '2025-07-06T1:01:21Z',
    '2025-07-06T11:1:21Z',
    '2025-07-06T11:01:2Z',
    '2025-07-06T11:01:21.Z',
    '2025-07-06T11:01:21.1234567890Z',
    '2025-07-06T11:01:21+2:00',
    '2025-07-06T11:01:21+02:0',
    '2025-07-06T11:01:21 02:00',
    'x2025-07-06T11:01:21Z',
    '2025-07-06T11:01:21Zx',
    '2025-07-06 11:01:21Z',
    '2025-07-06T11:01:21z',
    '2025-a7-06T11:01:21Z',
    '2025-07-06T11:01:21*02:00',
  ])('refuses %s', (text) => {
    expect(parseITCareDate(text)).toBeUndefined();
  });

  it('a value that is no ITCare date is refused saying what is expected', () => {
    expect(itcareDate.safeParse('yesterday').error?.issues.map((i) => i.message)).toEqual(['expected an ISO 8601 date with a zone']);
    expect(itcareDate.safeParse('2025-07-06T11:01:21Z').success).toBe(true);
  });
});
