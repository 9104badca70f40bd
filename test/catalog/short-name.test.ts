import { describe, expect, it } from 'vitest';
import { distinctLabels, shortName } from '../../src/catalog/short-name.js';
import { namedRecord } from '../support/catalog.js';

describe('quick-reply labels for several records', () => {
  it('keeps short names that differ, and tells apart those that would read the same', () => {
    const lost = namedRecord('9.000051', 'Cấp lại chứng chỉ hành nghề môi giới bất động sản (trong trường hợp chứng chỉ bị mất, bị rách)');
    const expired = namedRecord('9.000052', 'Cấp lại chứng chỉ hành nghề môi giới bất động sản (trong trường hợp chứng chỉ cũ đã hết hạn)');
    const other = namedRecord('9.000053', 'Thủ tục cấp mới chứng chỉ hành nghề môi giới bất động sản');
    expect(shortName(lost)).toBe(shortName(expired));
    const labels = distinctLabels([lost, expired, other]);
    expect(labels).toEqual(['Bị mất, bị rách', 'Cũ đã hết hạn', shortName(other)]);
    expect(new Set(labels).size).toBe(3);
  });
});
