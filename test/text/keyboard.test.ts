import { describe, expect, it } from 'vitest';
import { canonical } from '../../src/text/index.js';

describe('Telex/VNI repair', () => {
  it.each([
    ['ddawng kys', 'đăng ký'],
    ['d9a8ng ky1', 'đăng ký'],
    ['ddawng kys khai sinh', 'đăng ký khai sinh'],
    ['cos gif', 'có gì'],
    ['laf sao', 'là sao'],
    ['nguwowif thuwowngf', 'người thường'],
    ['thuongw truss', 'thương truss'],
    ['caanf giaays towf gif', 'cần giấy tờ gì'],
    ['ddc ddawng kys', 'ddc đăng ký'],
    ['tie61ng vie65t', 'tiếng việt'],
  ])('%s → %s', (typed, expected) => {
    expect(canonical(typed)).toBe(expected);
  });

  it('converts a lone Telex word in a tiny message', () => {
    expect(canonical('cos')).toBe('có');
    expect(canonical('gif')).toBe('gì');
  });

  it.each([
    'dang ky tam tru',
    'cho minh hoi lam cccd can gi',
    'xoong noi',
    'bang lai a1 b2 c1',
    'cho minh test thu cai nay',
    'toi o quan1 tphcm',
    'xe bus max box',
    'thanks ad',
    'hs bhxh tthc mst',
    'hi',
  ])('leaves normal unmarked text alone: %s', (typed) => {
    expect(canonical(typed)).toBe(typed);
  });

  it('does not convert a lone maybe-Telex word inside a longer message', () => {
    expect(canonical('lam cccd can gif vay')).toBe('lam cccd can gif vay');
  });

  it('converts every word once one certain Telex/VNI word shows the keyboard was off', () => {
    expect(canonical('toi muon ddawng kys tamj tru cho con')).toBe('toi muon đăng ký tạm tru cho con');
  });

  it('refuses conversions that are not Vietnamese syllables', () => {
    // tone keys that would put huyền on a syllable closed by t; two tone keys; vowel after a tone key
    expect(canonical('tatf ddaf')).toBe('tatf đà');
    expect(canonical('ddass')).toBe('ddass');
    expect(canonical('taxi ddi')).toBe('taxi đi');
  });
});
