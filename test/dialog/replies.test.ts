import { describe, expect, it } from 'vitest';
import { ReplyBuilder, formatAmount } from '../../src/dialog/replies.js';
import { loadReplies } from '../../src/dialog/templates.js';
import { bundled, namedRecord } from '../support/catalog.js';

const builder = new ReplyBuilder(loadReplies());
const text = (r: { head: string[]; body: string[]; tail: string[] }) => [...r.head, ...r.body, ...r.tail].join('\n');

describe('reply builders hold to the record', () => {
  it('documents: the general papers and the main case, the other cases offered; each case on request', () => {
    const p = bundled('1.004222');
    const named = p.documents.filter((d) => d.case);
    const main = builder.build('documents', p, null);
    const reply = text(main);
    for (const group of p.documents.filter((d) => !d.case || d === named[0])) {
      if (group.case) expect(reply).toContain(group.case);
      for (const item of group.items) {
        expect(reply).toContain(item.name);
        if (item.form) expect(reply).toContain(item.form);
      }
    }
    expect(reply).not.toContain(named[1].items[0].name);
    expect(main.options).toHaveLength(Math.min(named.length - 1, 6));
    expect(reply).toMatch(/\d bản chính/);
    const chosen = builder.caseChoice(p, main.options![0]);
    expect(chosen).toBe(1);
    const second = text(builder.build('documents', p, null, { caseIndex: chosen! }));
    for (const item of named[1].items) expect(second).toContain(item.name);
  });

  it('fees: per channel, amounts as in the record, the province decides when the record says so', () => {
    const residence = bundled('1.004194');
    const reply = text(builder.build('fees', residence, null));
    for (const channel of residence.channels)
      for (const fee of channel.fees) if (fee.amount) expect(reply).toContain(`${formatAmount(fee.amount)} đồng`);
    const death = bundled('1.000656');
    const provincial = text(builder.build('fees', death, null));
    expect(provincial).toMatch(/Hội đồng nhân dân/);
    expect(provincial.toLowerCase()).not.toContain('miễn phí\n');
  });

  it('duration: per channel; a bare number with unit "other" is shown as the record’s note, never as days', () => {
    const birth = bundled('1.001193');
    const reply = text(builder.build('duration', birth, null));
    const note = birth.channels[0].processingTime!.note!;
    expect(reply).toContain(note);
    expect(reply).not.toMatch(/\b1 ngày\b/);
    const permit = bundled('1.013225');
    const permitReply = text(builder.build('duration', permit, 'online'));
    const online = permit.channels.find((c) => c.method === 'online')!;
    expect(permitReply).toContain(`${online.processingTime!.value} ngày`);
    expect(permitReply.indexOf('Nộp trực tuyến')).toBeLessThan(
      permitReply.indexOf('Nộp trực tiếp') === -1 ? Infinity : permitReply.indexOf('Nộp trực tiếp'),
    );
  });

  it('where: the record’s place and the executing agency with its level, nothing generic added', () => {
    const p = bundled('1.001193');
    const reply = text(builder.build('where', p, null));
    expect(reply).toContain(p.where);
    expect(reply).toContain(`Cơ quan thực hiện: ${p.agencies.executing ?? p.agencies.competent}`);
    expect(reply).toContain('Cấp xã');
    expect(reply).not.toContain('Từ 1/7/2025');
  });

  it('where, when the record names no place or agency: the channel note or the step that says where, else its level', () => {
    const base = { ...bundled('1.001193'), where: '', agencies: {} };
    const note = 'Trực tiếp tại Ủy ban nhân dân cấp xã, nơi người đề nghị thường trú.';
    const fromNote = text(builder.build('where', { ...base, channels: base.channels.map((c) => ({ ...c, note })) }, null));
    expect(fromNote).toContain('Trực tiếp tại Ủy ban nhân dân cấp xã, nơi người đề nghị thường trú');
    expect(fromNote).not.toContain('không ghi rõ');
    const steps = ['Bước 1: Chuẩn bị hồ sơ theo quy định.', 'Bước 2: Người đề nghị nộp hồ sơ đến Ủy ban nhân dân cấp xã. Cán bộ kiểm tra hồ sơ.'];
    const noNotes = base.channels.map((c) => ({ ...c, note: undefined }));
    const fromStep = text(builder.build('where', { ...base, channels: noNotes, steps }, null));
    expect(fromStep).toContain('Người đề nghị nộp hồ sơ đến Ủy ban nhân dân cấp xã');
    expect(fromStep).not.toContain('Cán bộ kiểm tra');
    expect(fromStep).not.toContain('Chuẩn bị hồ sơ');
    // "nộp hồ sơ chậm nhất 30 ngày…" says when, not where.
    const when = ['Thời hạn nộp hồ sơ chậm nhất là 30 ngày kể từ ngày có quyết định cho thuê đất.'];
    const fromLevel = text(builder.build('where', { ...base, channels: noNotes, steps: when, levels: ['Cấp tỉnh'] }, null));
    expect(fromLevel).not.toContain('Thời hạn nộp');
    expect(fromLevel).toContain('Cấp tỉnh');
    expect(text(builder.build('where', { ...base, channels: noNotes, steps: when, levels: [] }, null))).toContain('không ghi rõ nơi nộp');
  });

  it('online: full online service explains the portal', () => {
    const reply = text(builder.build('online', bundled('1.001193'), null));
    expect(reply).toMatch(/trực tuyến toàn trình/);
    expect(reply).toContain('dichvucong.gov.vn');
  });

  it('steps: short numbered lines; source and date on every fact answer', () => {
    const p = bundled('1.001612');
    const reply = text(builder.build('steps', p, null));
    expect(reply).toContain(`1. ${p.steps[0]}`);
    expect(reply).toContain('Nguồn: Cổng Dịch vụ công quốc gia');
    expect(reply).toContain('01/07/2026');
  });

  it('names the date a record was changed when it is later than the portal data', () => {
    const p = { ...bundled('1.001193'), updatedAt: '2026-12-01' };
    expect(text(builder.build('fees', p, null))).toContain('dữ liệu ngày 01/07/2026, cập nhật ngày 01/12/2026');
    const unchanged = { ...bundled('1.001193'), updatedAt: undefined };
    expect(text(builder.build('fees', unchanged, null))).toContain('(dữ liệu ngày 01/07/2026).');
  });

  it("validity: the record's own sentences on how long its paper holds, never a document that must still be valid; else that it does not say", () => {
    const permit = {
      ...namedRecord('9.000041', 'Cấp giấy phép khai thác bến bãi'),
      agencies: { executing: 'Sở Xây dựng' },
      requirements: 'Hộ chiếu còn giá trị ít nhất 06 tháng.',
      steps: ['Nộp hồ sơ tại Sở Xây dựng.', 'Giấy phép có giá trị trong thời hạn 05 năm kể từ ngày cấp.'],
    };
    const said = text(builder.build('requirements', permit, null, { validity: true }));
    expect(said).toContain('Giấy phép có giá trị trong thời hạn 05 năm kể từ ngày cấp');
    expect(said).not.toContain('Hộ chiếu còn giá trị');
    const silent = { ...permit, steps: ['Nộp hồ sơ tại Sở Xây dựng.'] };
    const none = text(builder.build('duration', silent, null, { validity: true }));
    expect(none).toMatch(/không ghi giấy tờ được cấp có giá trị trong bao lâu/);
    expect(none).toContain('Sở Xây dựng');
    // Asked without the validity cue, the requirements answer is the requirements.
    expect(text(builder.build('requirements', permit, null))).toContain('Hộ chiếu còn giá trị ít nhất 06 tháng');
  });

  it('abolished procedures say so instead of answering', () => {
    const p = { ...bundled('1.001193'), abolished: { decision: 'Quyết định 9/QĐ-BTP', summary: 'Thay bằng thủ tục liên thông.' } };
    const reply = text(builder.build('fees', p, null));
    expect(reply).toContain('đã bị bãi bỏ');
    expect(reply).toContain('Quyết định 9/QĐ-BTP');
  });

  it("fees: a cell no one pays (25 VNĐ) is given as the portal's with its doubt, never in the overview's range; dollars stay dollars", () => {
    const base = bundled('1.001193');
    const channels = base.channels.map((c, i) => ({
      ...c,
      fees: [
        i === 0 ? { kind: 'fee' as const, amount: 25, currency: 'VND' as const } : { kind: 'fee' as const, amount: 145, currency: 'USD' as const },
      ],
    }));
    const p = { ...base, channels };
    const fees = text(builder.build('fees', p, null));
    expect(fees).toMatch(/25 đồng theo ô mức thu trên Cổng — con số này có vẻ ghi sai đơn vị/);
    expect(fees).toContain('145 USD');
    expect(fees).not.toContain('145 đồng');
    const overview = text(builder.build('overview', p, null));
    expect(overview).not.toContain('25 đồng');
    expect(overview).toContain('145 USD');
  });
});
