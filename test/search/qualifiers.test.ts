import { describe, expect, it } from 'vitest';
import { ProcedureSearch } from '../../src/search/index.js';
import { Vocabulary } from '../../src/search/vocabulary.js';
import { namedRecord } from '../support/catalog.js';

const companies = new ProcedureSearch(
  [
    namedRecord('9.000060', 'Đăng ký thành lập công ty TNHH một thành viên'),
    namedRecord('9.000061', 'Đăng ký thành lập công ty TNHH hai thành viên trở lên'),
    namedRecord('9.000062', 'Đăng ký thành lập công ty cổ phần'),
    namedRecord('9.000063', 'Đăng ký thành lập doanh nghiệp tư nhân'),
  ],
  { vocabulary: new Vocabulary([]), everydayNames: new Map() },
);
const top = (text: string) => companies.search(text, { limit: 1 })[0]?.procedure.code;

describe('how many found a company, and which kind it is', () => {
  it('several founders get the company for several members; one founder the one-member company', () => {
    expect(top('3 anh em tôi muốn đăng ký thành lập công ty TNHH, mỗi người góp vốn')).toBe('9.000061');
    expect(top('tôi với 1 người bạn muốn đăng ký thành lập công ty trách nhiệm hữu hạn')).toBe('9.000061');
    expect(top('một mình tôi góp vốn, muốn đăng ký thành lập công ty TNHH')).toBe('9.000060');
  });

  it('two founders cannot make a joint-stock company', () => {
    expect(top('hai người bạn muốn đăng ký thành lập công ty cổ phần hay công ty TNHH thì hợp')).not.toBe('9.000062');
  });

  it('the kind of company named decides; a kind the question denies does not', () => {
    expect(top('đăng ký thành lập công ty cổ phần')).toBe('9.000062');
    expect(top('muốn đăng ký thành lập doanh nghiệp tư nhân một mình làm chủ, không phải công ty TNHH')).toBe('9.000063');
  });
});
