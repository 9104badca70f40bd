import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDvcScrape } from '../../src/catalog/import/index.js';
import { accuracy, evaluate, formatReport, readConversations } from '../../src/cli/eval.js';
import { Understander } from '../../src/nlu/index.js';
import { Situations } from '../../src/nlu/situations.js';
import { type RunningApp, startApp } from '../support/app.js';
import { evalFile, hasScrape, repoDir, scrapeDir, sharedDir, skipWithoutScrape } from '../support/shared.js';

/** Answering with all 2,642 official records loaded: the citizen-facing variant must still win. */
describe.skipIf(!hasScrape)(`answering over the national catalog ${skipWithoutScrape}`, () => {
  let running: RunningApp;
  let catalogDir: string;
  beforeAll(async () => {
    catalogDir = mkdtempSync(path.join(os.tmpdir(), 'motcua-national-'));
    await importDvcScrape(scrapeDir, catalogDir, { retrievedAt: '2026-07-01' });
    running = await startApp({ CATALOG_DIR: catalogDir }, { listen: false });
  }, 120_000);
  afterAll(async () => {
    await running?.close();
    rmSync(catalogDir, { recursive: true, force: true });
  });

  it('serves every record', () => {
    expect(running.app.catalog.size).toBe(2642);
  });

  it('reaches ≥ 90% turn accuracy on dev.jsonl (other levels count as listed)', async () => {
    const report = await evaluate(running.app.assistant, readConversations(evalFile), 'national');
    expect(accuracy(report.overall.correct, report.overall.turns), formatReport(report)).toBeGreaterThanOrEqual(0.9);
  });

  // Floors a little under today's figures (docs/architecture.md, "How a question becomes a procedure"). The goal is 90%: the own, held-out,
  // second and fourth sets are there; the third, fifth and sixth (look-alike heavy, long stories, small businesses) are not; the fresh sets
  // (written blind; fresh4 on civil status and everyday citizen procedures) are the honest figures, and national-dev.jsonl is not there
  // yet. fresh6 was read after its first blind run; fresh7 (long stories first) is still unread. The citizen set pins the procedures
  // people need most, one look-alike against another.
  it('holds its accuracy on the national sets written for this project (one still held out) and on national-dev.jsonl', async () => {
    const sets: Array<[string, string, number]> = [
      ['own', path.join(repoDir, 'test', 'fixtures', 'national-conversations.jsonl'), 0.93],
      ['holdout', path.join(repoDir, 'test', 'fixtures', 'national-holdout.jsonl'), 0.94],
      ['second', path.join(repoDir, 'test', 'fixtures', 'national-second.jsonl'), 0.89],
      ['third', path.join(repoDir, 'test', 'fixtures', 'national-third.jsonl'), 0.84],
      ['fourth', path.join(repoDir, 'test', 'fixtures', 'national-fourth.jsonl'), 0.9],
      ['fifth', path.join(repoDir, 'test', 'fixtures', 'national-fifth.jsonl'), 0.81],
      ['sixth', path.join(repoDir, 'test', 'fixtures', 'national-sixth.jsonl'), 0.76],
      ['fresh', path.join(repoDir, 'test', 'fixtures', 'national-fresh.jsonl'), 0.92],
      ['fresh2', path.join(repoDir, 'test', 'fixtures', 'national-fresh2.jsonl'), 0.88],
      ['fresh3', path.join(repoDir, 'test', 'fixtures', 'national-fresh3.jsonl'), 0.83],
      ['fresh4', path.join(repoDir, 'test', 'fixtures', 'national-fresh4.jsonl'), 0.9],
      ['citizen', path.join(repoDir, 'test', 'fixtures', 'national-citizen.jsonl'), 0.92],
      ['seventh', path.join(repoDir, 'test', 'fixtures', 'national-seventh.jsonl'), 0.83],
      ['eighth', path.join(repoDir, 'test', 'fixtures', 'national-eighth.jsonl'), 0.75],
      ['ninth', path.join(repoDir, 'test', 'fixtures', 'national-ninth.jsonl'), 0.85],
      ['tenth', path.join(repoDir, 'test', 'fixtures', 'national-tenth.jsonl'), 0.88],
      ['eleventh', path.join(repoDir, 'test', 'fixtures', 'national-eleventh.jsonl'), 0.84],
      ['twelfth', path.join(repoDir, 'test', 'fixtures', 'national-twelfth.jsonl'), 0.78],
      ['thirteenth', path.join(repoDir, 'test', 'fixtures', 'national-thirteenth.jsonl'), 0.8],
      ['fresh5', path.join(repoDir, 'test', 'fixtures', 'national-fresh5.jsonl'), 0.87],
      ['fresh6', path.join(repoDir, 'test', 'fixtures', 'national-fresh6.jsonl'), 0.9],
      ['fresh7', path.join(repoDir, 'test', 'fixtures', 'national-fresh7.jsonl'), 0.82],
      ['fresh8', path.join(repoDir, 'test', 'fixtures', 'national-fresh8.jsonl'), 0.78],
      ['fresh9', path.join(repoDir, 'test', 'fixtures', 'national-fresh9.jsonl'), 0.74],
      ['fresh10', path.join(repoDir, 'test', 'fixtures', 'national-fresh10.jsonl'), 0.76],
      ['fresh11', path.join(repoDir, 'test', 'fixtures', 'national-fresh11.jsonl'), 0.72],
      ['fresh12', path.join(repoDir, 'test', 'fixtures', 'national-fresh12.jsonl'), 0.72],
      ['fresh13', path.join(repoDir, 'test', 'fixtures', 'national-fresh13.jsonl'), 0.76],
      ['fresh14', path.join(repoDir, 'test', 'fixtures', 'national-fresh14.jsonl'), 0.72],
      ['fresh15', path.join(repoDir, 'test', 'fixtures', 'national-fresh15.jsonl'), 0.74],
      ['fresh16', path.join(repoDir, 'test', 'fixtures', 'national-fresh16.jsonl'), 0.73],
      ['fresh17', path.join(repoDir, 'test', 'fixtures', 'national-fresh17.jsonl'), 0.76],
      ['fresh18', path.join(repoDir, 'test', 'fixtures', 'national-fresh18.jsonl'), 0.75],
      ['fresh19', path.join(repoDir, 'test', 'fixtures', 'national-fresh19.jsonl'), 0.83],
      ['fresh20', path.join(repoDir, 'test', 'fixtures', 'national-fresh20.jsonl'), 0.73],
      ['fresh21', path.join(repoDir, 'test', 'fixtures', 'national-fresh21.jsonl'), 0.74],
      ['fresh22', path.join(repoDir, 'test', 'fixtures', 'national-fresh22.jsonl'), 0.85],
      ['fresh23', path.join(repoDir, 'test', 'fixtures', 'national-fresh23.jsonl'), 0.76],
      ['fresh24', path.join(repoDir, 'test', 'fixtures', 'national-fresh24.jsonl'), 0.76],
      ['fresh25', path.join(repoDir, 'test', 'fixtures', 'national-fresh25.jsonl'), 0.85],
      ['fresh26', path.join(repoDir, 'test', 'fixtures', 'national-fresh26.jsonl'), 0.84],
      ['fresh27', path.join(repoDir, 'test', 'fixtures', 'national-fresh27.jsonl'), 0.82],
      ['fresh28', path.join(repoDir, 'test', 'fixtures', 'national-fresh28.jsonl'), 0.76],
      ['fresh29', path.join(repoDir, 'test', 'fixtures', 'national-fresh29.jsonl'), 0.85],
      ['fresh30', path.join(repoDir, 'test', 'fixtures', 'national-fresh30.jsonl'), 0.7],
      ['fresh31', path.join(repoDir, 'test', 'fixtures', 'national-fresh31.jsonl'), 0.78],
      ['fresh32', path.join(repoDir, 'test', 'fixtures', 'national-fresh32.jsonl'), 0.75],
      ['fresh33', path.join(repoDir, 'test', 'fixtures', 'national-fresh33.jsonl'), 0.76],
      ['fresh34', path.join(repoDir, 'test', 'fixtures', 'national-fresh34.jsonl'), 0.75],
      ['fresh35', path.join(repoDir, 'test', 'fixtures', 'national-fresh35.jsonl'), 0.77],
      ['fresh36', path.join(repoDir, 'test', 'fixtures', 'national-fresh36.jsonl'), 0.67],
      ['fresh37', path.join(repoDir, 'test', 'fixtures', 'national-fresh37.jsonl'), 0.77],
      ['fresh38', path.join(repoDir, 'test', 'fixtures', 'national-fresh38.jsonl'), 0.62],
      ['fresh39', path.join(repoDir, 'test', 'fixtures', 'national-fresh39.jsonl'), 0.65],
      ['fresh40', path.join(repoDir, 'test', 'fixtures', 'national-fresh40.jsonl'), 0.71],
      ['fresh41', path.join(repoDir, 'test', 'fixtures', 'national-fresh41.jsonl'), 0.65],
      ['fresh42', path.join(repoDir, 'test', 'fixtures', 'national-fresh42.jsonl'), 0.6],
      ['fresh43', path.join(repoDir, 'test', 'fixtures', 'national-fresh43.jsonl'), 0.66],
      ['fresh44', path.join(repoDir, 'test', 'fixtures', 'national-fresh44.jsonl'), 0.66],
      ['fresh45', path.join(repoDir, 'test', 'fixtures', 'national-fresh45.jsonl'), 0.72],
      ['sample', path.join(sharedDir, 'eval', 'national-dev.jsonl'), 0.85],
    ];
    for (const [name, file, floor] of sets) {
      const report = await evaluate(running.app.assistant, readConversations(file), name);
      expect(accuracy(report.overall.correct, report.overall.turns), `${name}\n${formatReport(report)}`).toBeGreaterThanOrEqual(floor);
    }
  }, 300_000);

  const ask = (text: string, sessionId = `nat:${text}`) => running.app.assistant.ask({ text, sessionId });
  /** Each message, asked on its own, gets that record. */
  const expectRecord = async (code: string, texts: readonly string[]) => {
    for (const text of texts) expect((await ask(text)).procedure?.code, text).toBe(code);
  };

  it('a life event gets the short list of procedures it needs, each one tap away', async () => {
    const answer = await ask('nhà em vừa có em bé hôm qua, giờ phải đi làm những giấy tờ gì', 'nat:event');
    expect(answer.intent).toBe('browse');
    expect(answer.procedure).toBeNull();
    expect(answer.candidates.map((c) => c.code)).toContain('1.001193');
    const picked = await ask('2', 'nat:event');
    expect(picked.procedure?.code).toBe(answer.candidates[1].code);
  });

  it('where, how long or how much about one procedure of a life event is answered for that procedure, not with the list', async () => {
    const answer = await ask('nhà em nuôi cá lồng trên sông, xin giấy xác nhận nuôi thì mất mấy ngày');
    expect(answer.intent).toBe('duration');
    expect(answer.procedure?.code).toBe('1.014801');
  });

  it('a life event that names the procedure is answered as that procedure', async () => {
    const named = await ask('vừa sinh con, làm giấy khai sinh cho bé cần gì');
    expect(named.procedure?.code).toBe('1.001193');
    const answer = await ask('ông nội tôi mất tuần trước, khai tử cho ông cần giấy tờ gì');
    expect(answer.intent).toBe('documents');
    expect(answer.procedure?.code).toBe('1.000656');
  });

  it('a life event asking for everything to do gets the list, even when one of its procedures fits', async () => {
    const answer = await ask('vừa mua lại xe máy cũ của hàng xóm, giờ phải làm những thủ tục gì');
    expect(answer.intent).toBe('browse');
    expect(answer.candidates.map((c) => c.code)).toContain('1.013076');
    const abroad = await ask('con tôi sắp đi xuất khẩu lao động, cần lo những thủ tục gì');
    expect(abroad.intent).toBe('browse');
    expect(abroad.candidates.map((c) => c.code)).toContain('3.000333');
    // A whole family moving to another city ("chuyển hẳn từ … ra …") is moving home, whoever in it draws a pension;
    // a pension or a tax regime moved for good ("chuyển hẳn vào tài khoản", "chuyển hẳn từ nộp thuế khoán") is no move of home.
    for (const text of [
      'Cả nhà tôi chuyển hẳn ra Hà Nội sống, có bà đang nhận lương hưu đi cùng, phải làm những thủ tục gì',
      'Nhà mình chuyển hẳn từ Đà Nẵng ra Hà Nội ở, có bố đang nhận lương hưu và con nhỏ đi cùng. Cả nhà phải làm những thủ tục gì?',
    ]) {
      const moving = await ask(text);
      expect(moving.intent, text).toBe('browse');
      expect(moving.candidates.map((c) => c.code)).toContain('1.004222');
    }
    const account = await ask('lương hưu của bố tôi muốn chuyển hẳn vào tài khoản ngân hàng, phải làm những thủ tục gì');
    expect(account.procedure?.code).toBe('2.000740');
    const tax = await ask('ho kinh doanh nha minh chuyen han tu nop thue khoan sang tu khai, can lam nhung thu tuc gi');
    expect(tax.intent).not.toBe('browse');
    // Its purpose said after it ("… để mở tiệm") is the situation again: still the list.
    const shop = await ask('Chị định mở quán phở nhỏ trước nhà, đã thuê thợ sửa bếp. Cần làm những giấy tờ gì để mở quán cho đàng hoàng?');
    expect(shop.intent).toBe('browse');
  });

  it('business, farming and fishing situations get their list, told with filler words in between', async () => {
    const cases: Array<[string, string]> = [
      ['bọn mình định mở một quán ăn, cần xin những giấy phép gì', '1.001612'],
      ['mở công ty thì phải làm những thủ tục gì từ đầu', '2.001583'],
      ['nuôi cá lồng cần những giấy phép gì', '1.014801'],
      ['mua 1 chiếc tàu cá cũ thì phải làm những giấy tờ gì', '1.003650'],
      ['ông nội mình mới mất', '1.000656'],
    ];
    for (const [text, code] of cases) {
      const answer = await ask(text);
      expect(answer.intent, text).toBe('browse');
      expect(
        answer.candidates.map((c) => c.code),
        text,
      ).toContain(code);
    }
    const lost = await ask('bố tôi làm mất giấy tờ rồi, giờ phải làm những gì');
    expect(lost.intent).toBe('browse');
    expect(lost.candidates.map((c) => c.code)).toContain('1.014064');
    expect(lost.candidates.map((c) => c.code)).not.toContain('1.000656');
  });

  it('a question about one procedure the list would offer is answered as that procedure', async () => {
    const licence = await ask('mở nhà nghỉ có cần giấy chứng nhận an ninh trật tự không');
    expect(licence.intent).toBe('requirements');
    expect(licence.procedure?.code).toBe('2.001478');
    const pond = await ask('nuôi tôm thẻ có cần giấy xác nhận nuôi trồng thủy sản không');
    expect(pond.procedure?.code).toBe('1.014801');
  });

  it('every procedure a life event or a referral offers is in the national catalog', () => {
    const situations = Situations.load();
    const codes = [
      ...situations.events.flatMap((e) => e.procedures.map((p) => `${e.id} ${p.code}`)),
      ...situations.referrals.flatMap((r) => (r.code ? [`${r.id} ${r.code}`] : [])),
    ];
    for (const entry of codes) expect(running.app.catalog.get(entry.split(' ')[1]), entry).toBeDefined();
  });

  it('outside the catalog: the right door, never a look-alike procedure', async () => {
    const divorce = await ask('vợ chồng tôi muốn ly dị thì nộp đơn ở đâu');
    expect(divorce.intent).toBe('out_of_scope');
    expect(divorce.procedure).toBeNull();
    expect(divorce.reply).toMatch(/Tòa án/);
    const fine = await ask('xe máy bị phạt nguội vượt đèn đỏ thì nộp phạt thế nào');
    expect(fine.intent).toBe('out_of_scope');
    expect(fine.reply).toMatch(/Cảnh sát giao thông/);
    // A land dispute asks who is right: the door is the commune's mediation, not its procedure answered outright.
    const dispute = await ask('hàng xóm xây lấn qua ranh đất nhà tôi, tôi có nên kiện họ không');
    expect(dispute.intent).toBe('out_of_scope');
    const unrelated = await ask('giá vé máy bay đi Đà Nẵng tháng sau bao nhiêu');
    expect(unrelated.intent).toBe('out_of_scope');
  });

  // The catalog has no labour, education, health or social-protection records: those questions get their door, never a dead end or a look-alike.
  it('heirs asking who inherits are no estate nobody inherits', async () => {
    const answer = await ask('bố tôi mất không để lại di chúc, nhà đất ai được thừa kế, làm thủ tục gì');
    expect(answer.procedure?.code).not.toBe('3.000410');
  });

  it('a contract abroad, an electronic one or a lease is no electricity or water contract', async () => {
    for (const text of [
      'bố tôi thuê nhà của nhà nước, bố mất rồi, muốn đổi tên chủ hợp đồng thuê nhà sang tên mẹ',
      'người lao động đi làm việc ở nước ngoài theo hợp đồng, muốn thanh lý hợp đồng nước ngoài sớm thì báo ở đâu',
      'công ty tôi muốn ký hợp đồng điện tử với người lao động thì có phải đăng ký không',
    ]) {
      expect((await ask(text)).reply, text).not.toMatch(/điện lực/);
    }
  });

  it('fields the catalog lacks (unemployment, work permits, schools, health, trade, social assistance) get their own door', async () => {
    for (const [text, door] of [
      ['Tôi bị công ty cho thôi việc tháng 9. Giờ làm hồ sơ hưởng trợ cấp thất nghiệp ở đâu?', /Trung tâm dịch vụ việc làm/],
      // Said alone, the door's words are part of a record's name ("Ủy quyền lĩnh thay … trợ cấp thất nghiệp") that asks more.
      ['nhan tro cap that nghiep o dau', /Trung tâm dịch vụ việc làm/],
      // Read as a subscription before: "đăng ký" a trademark is the IP office's.
      ['đăng ký nhãn hiệu cho sản phẩm nước mắm nhà làm', /Cục Sở hữu trí tuệ/],
      ['con trai đang học đại học có được hoãn nghĩa vụ quân sự không', /Ban Chỉ huy quân sự/],
      ['em đang du học, muốn làm hộ chiếu ở nước ngoài luôn được không', /Cơ quan đại diện/],
      // Enrolling with a driving school is no procedure; the licence after it is one tap away.
      ['đăng ký học lái xe ô tô ở đâu', /cơ sở đào tạo lái xe/],
      ['công ty mình cần xin giấy phép lao động cho 1 chuyên gia người Nhật', /Sở Nội vụ/],
      ['Nhà tôi chuyển từ Bình Dương về Huế, muốn chuyển trường cho con đang học lớp 4 thì làm sao?', /nhà trường/],
      // The press card is asked for by the newsroom, not at a one-stop shop; never a licence of another trade.
      ['em mới làm phóng viên được 2 năm, xin cấp thẻ nhà báo thì nộp ở đâu', /cơ quan báo chí/],
      ['bà nội tôi 85 tuổi, muốn làm hồ sơ hưởng trợ cấp người cao tuổi hằng tháng', /Ủy ban nhân dân xã/],
      // A pharmacy and a pharmacist's certificate are the health department's; the veterinary drug shop is a record.
      ['con gái tôi học dược ra trường, muốn mở nhà thuốc tây ở chợ thì xin giấy ở đâu', /Sở Y tế/],
      ['bằng thạc sĩ học ở Pháp về, cơ quan đòi giấy công nhận văn bằng nước ngoài thì làm ở đâu', /Bộ Giáo dục và Đào tạo/],
      ['chồng tôi đang ở Đài Loan, muốn làm hộ chiếu mới tại tổng lãnh sự quán bên đó được không', /Cơ quan đại diện/],
      ['nhà mới xây muốn lắp công tơ điện riêng thì đăng ký thế nào', /điện lực/],
      // A clinic is the health department's (a veterinary one is a record); alcohol, tobacco and petrol are trade's.
      ['bác sĩ nghỉ hưu muốn mở phòng khám tư nhân thì xin giấy phép ở đâu', /Sở Y tế/],
      ['xin chứng chỉ hành nghề khám chữa bệnh cho y sĩ mới ra trường', /Sở Y tế/],
      // "khám bệnh, chữa bệnh" said in full, and a clinic "tư": never the veterinary certificate.
      ['y sĩ vừa tốt nghiệp, xin giấy phép hành nghề khám bệnh, chữa bệnh nộp ở đâu', /Sở Y tế/],
      ['muon mo phong kham tu o nha thi xin giay gi', /Sở Y tế/],
      // A doctor's licence said plainly, and a pharmacy a story wants beside the papers it names: never another trade's record.
      ['làm xong năm thực hành ở viện, em muốn xin giấy phép hành nghề bác sĩ thì nộp ở đâu', /Sở Y tế/],
      ['Tôi tốt nghiệp dược, giờ muốn mở một nhà thuốc nhỏ ở đầu chợ. Giấy đủ điều kiện kinh doanh dược xin thế nào?', /Sở Y tế/],
      // Donating organs or one's body after death is the health sector's, not a procedure.
      ['me toi muon dang ky hien tang sau khi mat thi lam o dau', /ghép bộ phận cơ thể người/],
      ['ông tôi muốn hiến xác cho trường y sau khi qua đời, đăng ký thế nào', /ghép bộ phận cơ thể người/],
      ['tạp hóa nhà mình muốn bán thêm rượu bia thì xin giấy phép bán lẻ rượu ở đâu', /Công Thương/],
      // The electricity contract of a house just bought is the utility's, not the house's transfer.
      ['vừa mua lại căn hộ của người quen, muốn đổi tên chủ hợp đồng điện sang tên tôi thì làm sao', /điện lực/],
    ] as const) {
      const answer = await ask(text);
      expect(answer.intent, text).toBe('out_of_scope');
      expect(answer.procedure, text).toBeNull();
      expect(answer.reply, text).toMatch(door);
    }
    // The poor-household recognition the catalog holds is answered as itself, not sent to the commune's door.
    for (const text of ['làm giấy chứng nhận hộ nghèo', 'xin giấy xác nhận hộ nghèo cho con đi học'])
      expect(['1.011606', '1.011607'], text).toContain((await ask(text)).procedure?.code);
    // "hiến tặng đất" is land given for a road, no organ.
    expect((await ask('nhà mình hiến tặng đất làm đường, giờ sổ đỏ phải làm lại thế nào')).intent).not.toBe('out_of_scope');
    // The one unemployment procedure the catalog holds is still answered as itself.
    expect((await ask('ủy quyền cho vợ nhận thay trợ cấp thất nghiệp')).procedure?.code).toBe('1.001601');
  });

  it('a case a record\'s name excludes "(trừ …)" goes to the record for that case', async () => {
    const farm = await ask('trại heo xuất khẩu đã có giấy chứng nhận an toàn dịch bệnh theo yêu cầu của nước nhập khẩu, bị cháy mất, xin cấp lại');
    expect(farm.procedure?.code).toBe('1.011473');
  });

  it('what one has ("có giấy phép … rồi") is what an asked action is about: closing the business it licenses', async () => {
    const closing = await ask('quán cà phê của tôi có giấy phép kinh doanh hộ rồi, nay muốn nghỉ luôn không bán nữa thì làm gì');
    expect(closing.procedure?.code).toBe('1.001266');
  });

  it('a portal\'s name is a channel, not a procedure: "trên cổng đăng ký doanh nghiệp" keeps the company discussed', async () => {
    expect((await ask('tôi muốn mở công ty TNHH một mình làm chủ', 'nat:portal')).procedure?.code).toBe('2.001583');
    const online = await ask('làm online trên cổng đăng ký doanh nghiệp được không', 'nat:portal');
    expect(online.intent).toBe('online');
    expect(online.procedure?.code).toBe('2.001583');
  });

  it('"làm / nộp / đăng ký … ở <place> được không" asks where', async () => {
    for (const text of ['đăng ký kết hôn ở nơi tạm trú được không', 'Tôi nộp hồ sơ hưởng bảo hiểm xã hội một lần ở Nghệ An được không?']) {
      expect((await ask(text)).intent, text).toBe('where');
    }
  });

  it('a story that passes a fine or a court on the way is answered by the sentence that asks', async () => {
    const registration = await ask(
      'Năm ngoái tôi bị phạt nguội một lần vì vượt đèn đỏ, giờ đã nộp phạt xong rồi. Tuần này tôi chuyển lên thành phố ở trọ để đi làm, muốn khai báo ở phòng trọ mới thì cần giấy tờ gì?',
    );
    expect(registration.intent).toBe('documents');
    expect(registration.procedure?.code).toBe('1.004194');
    const fine = await ask(
      'Tuần trước tôi đăng ký tạm trú ở phòng trọ mới xong rồi, mọi thứ ổn. Nhưng hôm nay nhận được thông báo xe máy bị phạt nguội vượt đèn đỏ từ tháng trước, nộp phạt ở đâu?',
    );
    expect(fine.intent).toBe('out_of_scope');
    expect(fine.reply).toMatch(/Cảnh sát giao thông/);
  });

  it('a denunciation is a catalog procedure (or a complaint left for staff), not a request for legal advice', async () => {
    const answer = await ask('tố cáo cán bộ công an phường gây khó dễ thì theo thủ tục nào');
    expect(['feedback', 'overview', 'steps', 'where']).toContain(answer.intent);
    if (answer.procedure) expect(['1.004327', '1.003482', '1.003523']).toContain(answer.procedure.code);
  });

  // An everyday name holds its record's own words: "nghỉ đẻ" (thai sản) never catches "nghỉ ốm … hưởng bảo hiểm".
  it('sick leave and maternity leave, asked the same way, each get their own record', async () => {
    expect((await ask('nghi om may hom thi huong bhxh sao')).procedure?.code).toBe('1.001667');
    expect((await ask('vợ nghỉ đẻ thì được bảo hiểm trả bao nhiêu')).procedure?.code).toBe('2.000693');
  });

  it('a procedure the catalog holds is never answered as out of scope', async () => {
    // "thôi quốc tịch thì làm sao" covers under half of the record's long name, but every word it asks about is in it.
    for (const text of ['xin thôi quốc tịch việt nam', 'hoàn thuế thu nhập cá nhân nộp thừa', 'thôi quốc tịch thì làm sao']) {
      const answer = await ask(text);
      expect(answer.intent, text).not.toBe('out_of_scope');
      expect(answer.procedure, text).not.toBeNull();
    }
  });

  it('records just short of the bar to name one are offered as a question, each variant once, never a dead end', async () => {
    const answer = await ask('mỏ cũ đóng cửa rồi nhưng còn sót ít quặng, giờ muốn tận thu thì xin phép gì ạ', 'nat:near-miss');
    expect(answer.intent).not.toBe('out_of_scope');
    expect(answer.procedure).toBeNull();
    const offered = answer.candidates.map((c) => c.code);
    expect(offered[0]).toBe('1.014279');
    // "Quyết định đóng cửa mỏ khoáng sản" at two levels is one option.
    expect(offered.filter((c) => c === '1.014278' || c === '1.014250').length).toBeLessThanOrEqual(1);
    expect((await ask('1', 'nat:near-miss')).procedure?.code).toBe('1.014279');
  });

  it('one record past the bar that a story names only in part is answered, never offered alone as a question', async () => {
    const story =
      'Bác tôi là công an, tham gia bảo vệ biên giới phía Bắc mấy năm 1984-1988, đã nghỉ việc về quê. Nghe nói có trợ cấp, nộp hồ sơ ở đâu?';
    const answer = await ask(story, 'nat:part-name');
    expect(answer.procedure?.code).toBe('1.015027');
    expect(answer.intent).toBe('where');
    expect(answer.reply).not.toMatch(/cho mình biết tên thủ tục|Bạn muốn làm việc nào/);
    // The record names no place: the channel's note says where.
    expect(answer.reply).toContain('Ủy ban nhân dân cấp xã');
  });

  it('a door the story only passes ("phòng khám của tôi") gives way to the record the person wants; asked for, the door answers', async () => {
    const contract = await ask('phòng khám nha khoa của tôi muốn ký hợp đồng khám chữa bệnh bảo hiểm y tế với bảo hiểm xã hội thì làm sao');
    expect(contract.procedure?.code).toBe('1.001798');
    const licence = await ask('tôi muốn mở phòng khám nha khoa thì xin giấy phép ở đâu');
    expect(licence.procedure).toBeNull();
    expect(licence.reply).toContain('Sở Y tế');
  });

  it('feed is "cám" and fighting is "đánh giặc": the everyday word finds the record', async () => {
    expect((await ask('còn giấy đủ điều kiện sản xuất cám thì làm ở đâu')).procedure?.code).toBe('1.008126');
    expect((await ask('mua cám tôm về nuôi thì cám đó phải có giấy đủ điều kiện sản xuất thức ăn gì')).procedure?.code).toBe('1.004915');
    const fought =
      'Ông tôi là công an trực tiếp đánh giặc ở biên giới phía Bắc năm 1979, sau đó về quê làm ruộng. Giờ muốn xin trợ cấp thì làm hồ sơ ở đâu?';
    expect((await ask(fought)).procedure?.code).toBe('1.015027');
  });

  it('asked for everything to do in a situation no life event lists, the records it fits are offered, never "chưa hiểu"', async () => {
    // Typed without marks the story's best record scores higher, and "thủ tục gì" read as one procedure's overview left nothing to say.
    for (const text of [
      'nam sau toi nghi huu, can lo nhung thu tuc gi',
      'nha minh chuyen tu Hai Phong vao Can Tho o han, phai lam nhung thu tuc gi',
      'mo co so lam bun kho xuat khau can nhung thu tuc gi',
    ]) {
      const answer = await ask(text);
      expect(answer.intent, text).toBe('browse');
      expect(answer.candidates.length, text).toBeGreaterThan(0);
    }
    // One procedure's overview asked of no record still asks which procedure is meant.
    expect((await ask('cach cai lai mat khau zalo thi lam sao')).intent).toBe('out_of_scope');
  });

  it('a life event gives way to one of the procedures its list offers, named well', async () => {
    await expectRecord('2.001478', [
      'minh mo tiem cam do, phai xin giay chung nhan du dieu kien an ninh trat tu ha',
      'mo quan karaoke thi phai xin giay chung nhan an ninh trat tu a',
    ]);
    // Told the event alone, the list.
    expect((await ask('minh sap mo tiem cam do')).intent).toBe('browse');
    // A procedure outside its list gives way the same, when its everyday name opens what the person wants.
    expect((await ask('Sắp đặt cọc mua mảnh đất ở xã bên, tôi muốn xin thông tin quy hoạch khu đó trước')).procedure?.code).toBe('1.014159');
  });

  it('a question barely read as a subscription or a complaint, while a procedure is discussed, is about that procedure', async () => {
    expect((await ask('xin giấy phép xây dựng nhà ở riêng lẻ nộp ở đâu', 'nat:unsure-build')).procedure?.code).toBe('1.013225');
    const drawing = await ask('cần bản vẽ thiết kế không?', 'nat:unsure-build');
    expect(drawing.procedure?.code).toBe('1.013225');
    expect(drawing.reply).not.toContain('chưa hiểu');
    expect((await ask('ho kinh doanh khai thue khoan o dau', 'nat:unsure-tax')).procedure?.code).toBe('1.011022');
    const period = await ask('nop theo thang hay theo quy', 'nat:unsure-tax');
    expect(period.intent).not.toBe('unsubscribe');
    expect(period.procedure?.code).toBe('1.011022');
  });

  it('asked which choice is better for them, the assistant says it cannot choose for them and where to get advice', async () => {
    await ask('muon rut bhxh mot lan can giay to gi', 'nat:advice');
    const advice = await ask('theo ban minh nen rut hay de dong tiep cho loi hon', 'nat:advice');
    expect(advice.intent).toBe('out_of_scope');
    expect(advice.procedure).toBeNull();
    expect(advice.reply).toContain('tùy hoàn cảnh');
  });

  it("a farmer's words for moving animals out of the province find the quarantine for transport, not for export", async () => {
    await expectRecord('1.002338', [
      'trai ga cua toi xuat ban ga sang tinh khac thi kiem dich the nao',
      'nhà mình chở 30 con bò từ Nghệ An vào Huế bán thì có phải xin giấy kiểm dịch không',
      // "cho" before a count is "chở", typed without marks: no framing word.
      'toi cho 100 con lon thit tu thai binh len ha noi ban, co can giay kiem dich khong',
      'thang sau minh cho 40 con de thit tu ninh thuan ra da nang, giay kiem dich xin o dau',
    ]);
  });

  it('a company just set up ("vừa thành lập công ty TNHH …") is the story; the licence it still needs is the question', async () => {
    await expectRecord('1.000703', [
      'Tôi vừa thành lập công ty TNHH ở Mê Linh để chạy xe du lịch chở khách. Đăng ký doanh nghiệp xong rồi nhưng người ta bảo còn phải có giấy phép kinh doanh vận tải. Công ty nhỏ thì cần điều kiện gì?',
      'Chúng tôi đã thành lập công ty cổ phần ở Thủ Đức để chở hàng đông lạnh bằng xe tải. Đăng ký doanh nghiệp xong xuôi rồi, giờ nghe nói phải có giấy phép kinh doanh vận tải nữa, điều kiện thế nào?',
    ]);
  });

  it('a driving school that bought more cars adds training cars; one being set up asks for its licence', async () => {
    await expectRecord('1.001751', ['trường lái mình mới sắm thêm 3 xe, làm giấy phép xe tập lái thế nào']);
    await expectRecord('1.001777', ['mở trung tâm đào tạo lái xe xin giấy phép']);
  });

  it('a question read as outside the catalog that records fit in good part offers them under the apology, one tap away', async () => {
    const answer = await ask('Tôi người Úc, sắp hết hợp đồng, muốn mang mèo cưng về Úc thì xin kiểm dịch gì', 'nat:likely');
    expect(answer.intent).toBe('out_of_scope');
    expect(answer.procedure).toBeNull();
    const offered = answer.candidates.map((c) => c.code);
    expect(offered).toContain('1.003407');
    const picked = await ask(String(offered.indexOf('1.003407') + 1), 'nat:likely');
    expect(picked.procedure?.code).toBe('1.003407');
    // Small talk that fits nothing gets the apology alone.
    const chat = await ask('hôm nay trời đẹp quá');
    expect(chat.reply).not.toMatch(/có thể là một trong/);
  });

  it('naming the broader record while its narrower sibling is discussed stays with the sibling, unless the message corrects it', async () => {
    await ask('Mình quen bạn trai người Nhật, tính đăng ký kết hôn ở Việt Nam thì cần giấy tờ gì', 'nat:broader');
    const followUp = await ask('nộp xong thì bao lâu có giấy chứng nhận kết hôn', 'nat:broader');
    expect(followUp.procedure?.code).toBe('2.000806');
    expect(followUp.intent).toBe('duration');
    await ask('tôi muốn làm khai sinh kết hợp nhận cha cho con', 'nat:broader-corrected');
    const corrected = await ask(
      'Không phải, bé có giấy khai sinh từ năm 2020 rồi, chỉ thiếu tên bố. Giờ muốn làm nhận con thôi',
      'nat:broader-corrected',
    );
    expect(corrected.procedure?.code).toBe('1.001022');
  });

  it('"công chứng giấy tờ ở xã" is about certifying papers, never a death certificate', async () => {
    // Folded, "tử" is "tu" (tư, tự, từ): an everyday name that was "giấy chứng tử ở xã" matched on "giấy", "chứng", "ở xã".
    const answer = await ask('công chứng giấy tờ ở xã được không');
    expect(answer.procedure?.code).not.toBe('1.000656');
    expect([answer.procedure?.code, ...answer.candidates.map((c) => c.code)]).toContain('2.000815');
  });

  it('who the asker is ("tôi người Hàn Quốc") names no procedure of foreigners by itself', async () => {
    const answer = await ask('Tôi người Hàn Quốc, mở nhà hàng ở Đà Nẵng, muốn làm đại lý đổi ngoại tệ thì xin giấy gì');
    expect(answer.procedure?.code).not.toBe('2.000806');
    expect(answer.candidates.map((c) => c.code)).not.toContain('2.000806');
  });

  it('a pet taken abroad needs the export quarantine, one brought home the import quarantine', async () => {
    await expectRecord('1.003407', [
      'nhà mình sắp sang Mỹ định cư, muốn đem theo con mèo thì làm kiểm dịch gì',
      'cả nhà định cư Canada, mang theo 2 con mèo thì xin giấy kiểm dịch ở đâu',
      'tháng sau chuyển sang Úc sống, mang chó cưng theo thì cần kiểm dịch gì',
      'sang Nhật định cư, đưa thú cưng theo có phải kiểm dịch không',
    ]);
    await expectRecord('1.002496', [
      'đi làm ở Nhật 5 năm, giờ về Việt Nam hẳn, mang theo con chó thì kiểm dịch thế nào',
      'đi du học về nước muốn mang theo con mèo thì kiểm dịch thế nào',
    ]);
  });

  it("what to bring to a periodic inspection asks the periodic record, not the new car's exemption", async () => {
    // Everyday names once carried the question ("giấy tờ cần mang khi đăng kiểm xe mới") and caught any car.
    await expectRecord('1.005103', [
      'xe tải nhà mình tới kỳ đăng kiểm rồi, đi kiểm định phải mang theo giấy tờ gì',
      'o to cua toi het han dang kiem, di kiem dinh can mang theo giay to gi',
    ]);
  });

  it('a procedure named with another word for its action ("hủy" for "Xóa …") beside a death is that procedure, not the list for a death', async () => {
    await expectRecord('1.003197', ['hủy đăng ký thường trú cho ông nội đã chết tháng trước']);
  });

  it("a foreign spouse's visa exemption is the first issue unless a loss is told", async () => {
    await expectRecord('1.003144', ['làm giấy miễn thị thực cho vợ người Úc để về Việt Nam không phải xin visa']);
  });

  it('an identity card broken in two is exchanged, not reissued, although the person says "làm lại"', async () => {
    for (const text of ['căn cước của tôi bị gãy đôi, chip nứt luôn, giờ phải làm lại thẻ thì theo diện nào', 'cccd bi gay roi, lam lai o dau'])
      expect(['1.014063', '2.001195'], text).toContain((await ask(text)).procedure?.code);
    expect((await ask('căn cước bị mất trên xe buýt, làm lại thế nào')).procedure?.code).toBe('1.014064');
  });

  it('a boat that has run for years unregistered is registered as one in use, not as a new one', async () => {
    await expectRecord('1.004047', ['ghe nhà tôi chở khách trên sông chạy mấy năm rồi mà chưa có giấy đăng ký, giờ làm đăng ký lần đầu thế nào']);
    await expectRecord('1.004088', ['vừa đóng xong chiếc sà lan mới, chưa chạy, đăng ký lần đầu thế nào']);
  });

  it('road fees paid for months a car did not run are asked back ("hoàn tiền", "lấy lại tiền"); a return of its plates already made is the story', async () => {
    await expectRecord('3.000251', [
      'xe tôi nằm xưởng sửa 3 tháng, phí đường bộ đã đóng có hoàn tiền được không',
      'xe tải nhà tôi cháy hỏng hết, tôi đã làm thủ tục thu hồi đăng ký biển số rồi. Phí đường bộ còn dư nửa năm, muốn lấy lại tiền thì làm sao?',
    ]);
  });

  it('a land dispute the commune failed to mediate ("xã hòa giải cũng không thành") goes to the chairman\'s decision; one not yet mediated to mediation', async () => {
    await expectRecord('1.013967', ['đất nhà tôi bị hàng xóm lấn, xã hòa giải cũng không thành rồi, giờ làm đơn nhờ chủ tịch xã giải quyết thế nào']);
    await expectRecord('1.012812', ['muốn nhờ xã hòa giải tranh chấp đất với hàng xóm thì nộp đơn ở đâu']);
  });

  it('a journey between two provinces ("từ Bắc Giang về Hà Nội") is moving animals out of the province', async () => {
    await expectRecord('1.002338', [
      'mang 200 con gà từ Bắc Giang về Hà Nội bán thì xin giấy kiểm dịch ở đâu',
      'Chở một xe bò từ Nghệ An ra Hà Nội bán thì phải làm kiểm dịch thế nào?',
      // The farm's province told first, the one the load goes to later in the sentence.
      'trại gà nhà em ở Phú Thọ, tuần sau xuất 2 nghìn con gà thịt về Hải Phòng giao cho lái buôn, giấy kiểm dịch xin ở đâu',
    ]);
    // Abroad is no province: that is an export.
    expect((await ask('mang 200 con gà từ Bắc Giang sang Trung Quốc bán thì xin giấy kiểm dịch ở đâu')).procedure?.code).not.toBe('1.002338');
  });

  it('what the person says they want decides over the story told before it ("lấy chồng Việt …, muốn nhập quốc tịch")', async () => {
    await expectRecord('2.002039', [
      'Tôi là người Campuchia, lấy vợ Việt Nam, ở Tây Ninh đã 8 năm, nay muốn nhập quốc tịch Việt Nam có được không?',
      'toi nguoi lao lay chong viet, o dien bien 12 nam roi, muon nhap quoc tich viet nam thi can gi',
    ]);
    expect((await ask('em lay chong han quoc, nay muon xin thoi quoc tich viet nam thi lam o dau')).procedure?.code).toBe('2.002036');
    // "… phải làm gì để sang tên sổ": what follows "để" is wanted; the agreement made before is the story.
    expect(
      (
        await ask(
          'Bà tôi mất, để lại mảnh vườn đứng tên bà. Các cô chú đã ký văn bản thỏa thuận phân chia di sản tại văn phòng công chứng. Giờ tôi phải làm gì để sang tên sổ qua tên mình?',
        )
      ).procedure?.code,
    ).toBe('1.013831');
    // A story that names nothing of what is wanted, not even as a life event.
    expect((await ask('Em lấy chồng Đài Loan, tháng sau sang bên đó sống, giờ em cần làm hộ chiếu lần đầu')).procedure?.code).toBe('1.001456');
    // Who asks, said before "muốn", is no story: the company's own record stays first.
    expect((await ask('công ty mình muốn tạm ngừng kinh doanh mấy tháng, thủ tục thế nào')).procedure?.code).toBe('2.002029');
    // The story alone still asks about the marriage.
    expect((await ask('em người Trung Quốc, muốn lấy chồng Lạng Sơn thì làm thủ tục gì')).procedure?.code).toBe('2.000806');
  });

  it('"đăng ký" after a name\'s first word is its action, not what is wanted: registering a mortgage is no removal of one', async () => {
    // "Xóa đăng ký biện pháp bảo đảm" would open what is wanted on the words "đăng ký" of "văn phòng đăng ký đất đai" alone.
    await expectRecord('1.011441', [
      'nha em can vay ngan hang 800 trieu, the chap so hong. ngan hang noi ky hop dong xong phai di dang ky the chap o van phong dang ky dat dai, ho so gom gi a',
      'Gia đình tôi cần vay ngân hàng 1 tỷ, thế chấp sổ đỏ. Ngân hàng bảo ký hợp đồng xong phải đi đăng ký thế chấp ở văn phòng đăng ký đất đai, hồ sơ gồm gì?',
    ]);
    // Removing it, once the loan is paid, still asks for the removal.
    expect((await ask('Tôi trả hết nợ ngân hàng rồi, giờ muốn xóa đăng ký thế chấp trên sổ đỏ thì cần gì')).procedure?.code).toBe('1.011443');
  });

  it('a neighbour country\'s money brought inland ("về Hải Phòng", "vào thành phố") is the inland permit; taken across the border, the one to carry it out', async () => {
    await expectRecord('1.002421', [
      'em bán hàng ở cửa khẩu Lào Cai, thu được ít nhân dân tệ, giờ muốn đem số tiền đó về Hải Phòng đổi ở ngân hàng thì có cần giấy phép không',
      'toi la thuong nhan campuchia, muon mang tien riel vao thanh pho ho chi minh ban cho ngan hang thi xin phep o dau',
    ]);
    expect((await ask('tuần sau tôi sang Trung Quốc lấy hàng, mang theo 50 nghìn tệ tiền mặt có phải xin phép không')).procedure?.code).toBe(
      '1.001963',
    );
    // Changing that money as an agent is the border agent's record; dollars are any foreign currency's.
    expect((await ask('tiệm vàng nhà tôi ở Móng Cái muốn làm đại lý đổi tiền nhân dân tệ thì xin giấy gì')).procedure?.code).toBe('1.011637');
    expect((await ask('tiệm vàng nhà tôi ở Cần Thơ muốn làm đại lý đổi đô la thì xin giấy gì')).procedure?.code).toBe('1.000526');
  });

  it('changing the design a building permit approved ("đổi thiết kế", "sửa thiết kế") asks to amend the permit, not a new one', async () => {
    await expectRecord('1.013226', [
      'Nhà mình được cấp phép xây 4 tầng rồi, móng đã đổ xong. Giờ gia đình muốn đổi thiết kế, bỏ tầng 4 làm sân thượng có mái che. Phải xin lại giấy phép hay làm gì?',
      'nha toi co giay phep xay dung roi, chua xay, gio muon sua thiet ke cho them gara o to thi lam sao',
    ]);
  });

  it('water drawn from a drilled well ("giếng khoan", "… khối mỗi ngày") is groundwater, not a mine', async () => {
    await expectRecord('1.004223', [
      'Xưởng chế biến của bọn mình khoan thử giếng xong rồi, nước đủ dùng tầm 150 khối một ngày. Giờ muốn xin phép khai thác giếng đó dùng lâu dài thì làm thủ tục gì?',
    ]);
    // Stone is a mineral still.
    expect((await ask('cong ty minh muon xin giay phep khai thac mo da lam vat lieu xay dung')).procedure?.code).toBe('1.014257');
  });

  it.each([
    [
      'a judgment won but not paid is enforced on request, not the waiver of enforcement costs',
      'Em cho bạn vay 200 triệu, kiện ra tòa và được xử thắng, bản án đã có hiệu lực. Nhưng nửa năm nay họ vẫn lờ đi không trả. Nghe nói phải gửi đơn sang bên thi hành án thì họ mới cưỡng chế. Em cần làm những gì?',
      '1.003091',
    ],
    [
      'a fish farmer helped with the farm insurance premium is approved for that support, never an adoption ("nuôi")',
      'nhà em nuôi cá tra, nghe nói mua bảo hiểm nông nghiệp thì nhà nước hỗ trợ một phần phí, muốn đăng ký thì nộp gì',
      '1.005412',
    ],
    [
      'a wrong tax number on an e-invoice is handling an invoice made wrong',
      'ke toan ben em xuat hoa don dien tu bi sai ma so thue cua ben mua, gio sua the nao',
      '1.010341',
    ],
    [
      'the mortgage line on a land certificate, the loan repaid, is removing the security, not the debt of land fees',
      'Vay ngân hàng xong rồi, trả hết nợ, ngân hàng đã trả sổ hồng. Giờ muốn xóa dòng thế chấp ghi trên sổ hồng thì nộp hồ sơ ở đâu?',
      '1.011443',
    ],
    [
      "a car of one's own brought home for good, not for sale, is the non-commercial vehicle import",
      'Bác tôi sống ở Canada 30 năm, nay về quê ở hẳn, muốn đem chiếc ô tô đang đi bên đó về dùng tiếp chứ không bán. Thủ tục hải quan cho chiếc xe thế nào?',
      '1.000115',
    ],
    [
      'a pet brought home the same way is its quarantine, not the car import',
      'Em du học Úc 5 năm, tháng sau về nước hẳn, muốn mang theo con mèo em nuôi bên đó. Về sân bay Tân Sơn Nhất thì kiểm dịch cho mèo thế nào?',
      '1.002496',
    ],
    [
      "a vet's lost practising certificate is reissued, although the story tells the clinic they opened",
      'mình là bác sĩ thú y mở phòng khám thú cưng, chứng chỉ hành nghề thú y còn hạn 2 năm mà bị thất lạc khi dọn nhà. Xin bản khác cần gì?',
      '1.005319',
    ],
    [
      'a transport licence already held, badges for the cars just bought are the badge record',
      'cong ty minh co giay phep kinh doanh van tai roi, moi mua them 1 xe 16 cho chay hop dong, gio xin phu hieu cho xe nay can giay gi',
      '2.002288',
    ],
    [
      'digging up a road in use to lay pipes is building on the road, not borrowing the pavement',
      'ben minh can dao via he va long duong quoc lo de lap duong ong nuoc cho khu dan cu, xin giay phep thi cong o dau',
      '1.013061',
    ],
    [
      'a lost building permit ("bị thất lạc") is reissued: losing a paper says nothing of a death',
      'Nhà mình xây xong lâu rồi, không xin phép mới gì cả. Chỉ là bản gốc giấy phép xây dựng bị thất lạc hồi chuyển đồ, giờ ngân hàng đòi. Làm lại giấy phép thì cần hồ sơ gì?',
      '1.013228',
    ],
    [
      'luggage lost on a flight is the lost baggage record',
      'bay tu han quoc ve, vali ky gui bi that lac, hang bao hai quan dang giu, lam sao nhan lai',
      '2.002264',
    ],
    [
      "a pilot's licence about to expire is the aircraft pilot's reissue, not a driving licence",
      'em la phi cong, giay phep lai tau bay sap het han thi lam lai the nao',
      '1.004286',
    ],
    [
      "a first job's social insurance book is registering to pay in, not a reissue",
      'mình mới đi làm công nhân ở khu công nghiệp, công ty bảo nộp giấy tờ để làm sổ bảo hiểm xã hội và thẻ bảo hiểm y tế, chuẩn bị những gì',
      '1.002051',
    ],
    [
      'a special circulation permit ("giấy phép lưu hành đặc biệt") for a heavy machine is the oversize load permit',
      'Công ty em cần chở một cái máy ép nặng 90 tấn trên quốc lộ qua mấy tỉnh, có phải xin giấy phép lưu hành đặc biệt không?',
      '1.000028',
    ],
    [
      'one more shop in another province, branch or business location, is registering it, never closing one',
      'Công ty mình ở Hải Phòng bán đồ gia dụng, muốn mở thêm một cửa hàng ở Quảng Ninh, kế toán vẫn để ở trụ sở. Không biết nên đăng ký chi nhánh hay chỉ báo địa điểm kinh doanh, làm thế nào?',
      '2.002069',
    ],
    [
      'a coach line to Phnom Penh needs the Việt Nam–Cambodia transport permit',
      'Nhà xe mình muốn mở tuyến xe khách Cần Thơ đi Phnom Penh, giấy phép vận tải qua Campuchia xin ở đâu?',
      '1.000302',
    ],
    [
      "a foreign expert's duty-free car sold at the end of their term is the transfer of a temporarily imported car",
      'Tôi là kỹ sư người Hàn làm dự án ODA, được tạm nhập miễn thuế một chiếc ô tô. Hết nhiệm kỳ tôi muốn bán lại xe cho người Việt thì làm thủ tục gì?',
      '1.001342',
    ],
    [
      'a social insurance book made "lần đầu" for a new job is registering to pay in, not the lump-sum withdrawal ("một lần")',
      'tôi mới được nhận vào làm ở công ty, nhân sự bảo nộp giấy tờ để làm sổ bhxh lần đầu, cần chuẩn bị những gì',
      '1.002051',
    ],
    [
      'a load heavier than the road allows needs a circulation permit, not a transport business licence',
      'Công ty em cần chở một cái máy ép nặng 70 tấn bằng xe đầu kéo, vượt tải trọng cho phép của cầu đường. Xin phép cho xe chạy ở đâu?',
      '1.000028',
    ],
  ] as const)('%s', async (_why, text, code) => {
    expect((await ask(text)).procedure?.code).toBe(code);
  });

  it('a correction that asks nothing new ("à nhầm, … thì sao") asks the last question again, of the same procedure', async () => {
    await ask('hộ kinh doanh tạm ngừng kinh doanh thì nộp thông báo ở đâu', 'nat:again-1');
    const where = await ask('à nhầm, không phải của tôi mà của chị gái tôi thì sao', 'nat:again-1');
    expect([where.intent, where.procedure?.code]).toEqual(['where', '1.001570']);
    await ask('lam lai giay khai sinh ban sao mat bao lau', 'nat:again-2');
    const long = await ask('a nham, ko phai cho con ma cho me toi thi sao', 'nat:again-2');
    expect([long.intent, long.procedure?.code]).toEqual(['duration', '2.000635']);
  });

  it('a pause is not an end: "không phải giải thể" keeps the suspension discussed, and asks no other record', async () => {
    expect((await ask('công ty mình muốn tạm ngừng kinh doanh mấy tháng, thủ tục thế nào', 'nat:suspend')).procedure?.code).toBe('2.002029');
    const denied = await ask('không phải giải thể đâu, vẫn giữ công ty. vậy hồ sơ gồm gì', 'nat:suspend');
    expect([denied.intent, denied.procedure?.code]).toEqual(['documents', '2.002029']);
  });

  it("a visa tells a foreigner: extending their stay is the foreigners' record, not a citizen's temporary residence", async () => {
    for (const text of [
      'visa du lich cua ban gai toi sap het, muon gia han tam tru them 1 thang thi lam o dau',
      'bố vợ tôi sang chơi bằng visa thăm thân, giờ muốn gia hạn tạm trú thêm ít tuần',
    ])
      expect(['1.001146', '1.003326'], text).toContain((await ask(text)).procedure?.code);
    expect((await ask('tạm trú phòng trọ sắp hết hạn, gia hạn ở đâu')).procedure?.code).toBe('1.002755');
  });

  it('a divorce the person says they want goes to the court, whatever marriage the story names', async () => {
    for (const text of [
      'vợ tôi người Thái Lan, cưới nhau ở Việt Nam 5 năm rồi, giờ tôi muốn ly hôn thì nộp đơn ở đâu',
      'toi dinh ly hon voi chong nguoi han quoc, anh ay o ben do, lam the nao',
    ]) {
      const answer = await ask(text);
      expect([answer.intent, answer.procedure], text).toEqual(['out_of_scope', null]);
      expect(answer.reply, text).toContain('Tòa án');
    }
    // A divorce settled abroad, to be recorded here, is still the civil status record.
    expect((await ask('tôi đã ly hôn ở Hàn Quốc rồi, giờ muốn ghi chú ly hôn vào sổ hộ tịch ở Việt Nam')).procedure?.code).toBe('2.000554');
  });

  it('"đang ở bên Hàn", "hiện ở Úc" tell a person abroad; "sắp đi làm ở Nhật" does not yet', async () => {
    await expectRecord('1.005137', [
      'tôi đang ở bên Hàn, cần giấy xác nhận mình còn quốc tịch Việt Nam thì xin thế nào',
      'hien o uc, muon xin xac nhan co quoc tich viet nam cho con, le phi bao nhieu',
    ]);
    expect((await ask('sap di lam o nhat, can xin giay xac nhan co quoc tich viet nam o dau')).procedure?.code).toBe('1.005136');
  });

  it('a name that is its sibling\'s with words the message says ("… đã cấp lần đầu …") is the one meant', async () => {
    await expectRecord('1.012818', [
      'sổ đỏ nhà tôi được cấp lần đầu năm 2015 nhưng cấp sai quy định, giờ muốn thu hồi để cấp lại cho đúng',
      'Sổ hồng được cấp lần đầu nhưng cấp không đúng quy định, tôi tự phát hiện ra, giờ xin thu hồi và cấp lại thì nộp ở đâu?',
    ]);
    // Said beside another word than in the name, an added word tells nothing: "chưa đăng ký" is no "chưa khai thác".
    expect((await ask('mua chiếc thuyền chở cát chạy trên sông mấy năm nay mà chưa đăng ký, giờ đăng ký thế nào')).procedure?.code).toBe('1.004047');
  });

  it('"à quên, mình không ở nước ngoài đâu" after the in-country record keeps it, and the question asked before', async () => {
    const session = 'nat:correction-at-home';
    expect((await ask('trở lại quốc tịch Việt Nam cần giấy tờ gì', session)).procedure?.code).toBe('2.002038');
    // The record's own action ("trở lại") holds: the correction asks for no other record.
    const corrected = await ask('à quên, mình không ở nước ngoài đâu, về nước lâu rồi', session);
    expect([corrected.intent, corrected.procedure?.code]).toEqual(['documents', '2.002038']);
  });

  it('telling the commune ("có phải thông báo với xã không", "báo với ai") asks for the record that notifies; setting up plainly, the registration', async () => {
    await expectRecord('2.002226', [
      'mấy hộ trồng nấm muốn lập tổ hợp tác, có phải thông báo với xã không',
      'may ho lam gach muon lap to hop tac thi bao voi ai',
    ]);
    expect((await ask('muốn lập tổ hợp tác trồng nấm thì làm thủ tục gì')).procedure?.code).toBe('2.002637');
  });

  it('rice land turned over to another crop or to fish is the change of crops, not a change of land use; land for a house still is', async () => {
    await expectRecord('1.008004', [
      'mấy sào ruộng nhà tôi cấy lúa không có lãi, muốn chuyển qua trồng dưa hấu thì có phải xin phép xã không',
      'đất lúa kém hiệu quả, tôi muốn chuyển sang nuôi cá thì làm thủ tục gì',
    ]);
    expect((await ask('muốn chuyển đất ruộng lên đất ở để xây nhà')).procedure?.code).toBe('1.013949');
  });

  it('a company that "đóng" a fee is paying it, not closing: a laid-up truck is the road-fee pause; closing the company is still dissolution', async () => {
    const truck = 'xe tải của công ty nằm xưởng sửa chữa hơn một tháng, xin không đóng phí đường bộ tháng đó được không';
    expect((await ask(truck)).procedure?.code).toBe('3.000252');
    expect((await ask('muốn đóng công ty thì làm gì')).procedure?.code).toBe('2.002023');
  });

  it('declaring a foreigner who stays at home ("khai báo tạm trú cho người nước ngoài") is the declaration, not the residence card', async () => {
    const answer = await ask('nhà tôi có người nước ngoài đến ở, khai báo tạm trú cho họ thế nào');
    expect(['1.000253', '1.001437']).toContain(answer.procedure?.code);
  });

  it('household goods sent home by someone settling back ("container đồ đạc") are the customs of moved belongings; land survey is not', async () => {
    await expectRecord('1.007751', [
      'gia dinh toi song o Nhat 15 nam, nay ve nuoc o han, muon gui mot container do dac ve thi lam thu tuc hai quan gi',
      'chúng tôi định cư về nước, chuyển về một container đồ dùng gia đình đã qua sử dụng, thủ tục hải quan thế nào',
    ]);
    expect((await ask('đo đạc lại đất nhà tôi thì làm ở đâu')).procedure?.code).not.toBe('1.007751');
  });

  it('the paper to have copied and certified ("photo công chứng sổ hộ khẩu") is what is copied, not a procedure of its own', async () => {
    await expectRecord('2.000815', ['photo công chứng sổ hộ khẩu ở phường được không', 'photo cong chung can cuoc mat bao nhieu tien']);
  });

  it("a Vietnamese law firm (\"công ty luật\") opening a branch is a law practice's branch, not a foreign firm's or a company's", async () => {
    await expectRecord('1.002099', [
      'công ty luật của tôi muốn mở chi nhánh ở Cần Thơ',
      'cong ty luat minh o Ha Noi muon dang ky hoat dong chi nhanh o Hai Phong',
    ]);
  });

  it("a record whose name the message says word for word, in a longer run than the best one's, is the one meant", async () => {
    // "chứng thực chữ ký người dịch" is said whole: the translator's signature, not any signature.
    expect((await ask('chung thuc chu ky nguoi dich ban dich tieng nhat can mang gi')).procedure?.code).toBe('2.001008');
    expect((await ask('chứng thực chữ ký trên giấy ủy quyền ở đâu')).procedure?.code).toBe('2.000884');
  });

  it('"đòi giấy" is no "đổi giấy": the paper the bank asks for, not a new card, after a lost card', async () => {
    const say = (text: string) => ask(text, 'nat:bank-asks');
    expect((await say('Tôi bị mất thẻ căn cước, làm lại ở đâu')).procedure?.code).toBe('1.014064');
    const next = await say('Tiện thể bên bảo hiểm đòi giấy xác nhận số CMND 9 số của tôi, làm ở đâu vậy?');
    expect([next.intent, next.procedure?.code]).toEqual(['where', '1.012566']);
  });

  it('"ở UBND xã hay phải lên tỉnh", "ở đây được không hay phải về quê" ask where, not whether it is online or allowed', async () => {
    for (const [i, [topic, code, text]] of [
      ['đăng ký kết hôn với người nước ngoài cần giấy tờ gì', '2.000806', 'lam o ubnd xa hay phai len tinh vay'],
      ['xin phiếu lý lịch tư pháp cần giấy tờ gì', '3.000333', 'xin ở Đà Nẵng được không hay phải về Quảng Nam?'],
    ].entries()) {
      const say = (line: string) => ask(line, `nat:where-${i}`);
      expect((await say(topic)).procedure?.code).toBe(code);
      const next = await say(text);
      expect([next.intent, next.procedure?.code], text).toEqual(['where', code]);
    }
  });

  it('"khoản này", "thủ tục đó" point back to the procedure discussed: a record the story names in part does not take its place', async () => {
    const say = (text: string) => ask(text, 'nat:back-reference');
    expect((await say('mua đất xong phải khai lệ phí trước bạ, cần giấy gì')).procedure?.code).toBe('1.007277');
    expect((await say('nếu đất do ba mẹ cho con thì có được miễn khoản này không')).procedure?.code).toBe('1.007277');
  });

  it('a full stop inside "TP.HCM" ends no sentence: the question is still read whole', async () => {
    const moving = await ask('Thủ tục chuyển trường cho bé học lớp 2 từ Thanh Hóa vào TP.HCM thế nào?');
    expect([moving.intent, moving.procedure]).toEqual(['out_of_scope', null]);
    expect(moving.reply).toMatch(/Sở Giáo dục/);
  });

  it("a record whose name the follow-up says whole is not traded for one the topic's words lift", async () => {
    for (const [i, text] of [
      'chau e di lam o binh duong hon 1 nam nua, nha van o que thi co phai khai bao tam vang ko',
      'em gai e di lam o binh duong ca nam, nha van o que thi co phai khai bao tam vang khong',
    ].entries()) {
      const say = (line: string) => ask(line, `nat:away-${i}`);
      expect((await say('e muon nhap khau cho vo ve nha chong thi lam j a')).procedure?.code).toBe('1.004222');
      expect((await say(text)).procedure?.code, text).toBe('1.003677');
    }
  });

  it('living in a Vietnamese city ("đang sống ở Hải Phòng", "ở Sài Gòn") is no person abroad: the in-country record', async () => {
    await expectRecord('2.002036', [
      'tôi đang sống ở Hải Phòng, muốn thôi quốc tịch Việt Nam để nhập quốc tịch Singapore, nộp hồ sơ ở đâu',
      'em hien dang song o sai gon, muon xin thoi quoc tich viet nam de theo quoc tich uc cua chong thi can giay to gi',
    ]);
    expect((await ask('tôi đang sống ở Hà Nội, cần xin giấy xác nhận có quốc tịch Việt Nam thì làm ở đâu')).procedure?.code).toBe('1.005136');
  });

  it('"anh Tây", "chị Tây" renting a room are foreigners: their stay is declared on the foreigners\' record', async () => {
    for (const text of [
      'nha minh cho mot anh tay thue phong, khai bao tam tru cho anh ay o dau',
      'khách sạn nhà tôi có chị Tây ở 3 đêm, phải khai báo tạm trú cho chị ấy thế nào',
    ])
      expect(['1.000253', '1.001437'], text).toContain((await ask(text)).procedure?.code);
  });

  it('records of a field that serves only the police (its "Chính sách") are for a question that says so', async () => {
    // Everyone's health insurance card, lost: the social insurance record, not the police's own.
    const lost = await ask('mat the bhyt xin cap lai online dc khong');
    expect(lost.procedure?.code).toBe('1.002759');
    expect(['1.001294', '1.001327']).toContain((await ask('con tôi là thân nhân sĩ quan công an, thẻ BHYT bị mất, cấp lại ở đâu')).procedure?.code);
  });

  it('authorising someone to collect is meant only when said: applying for unemployment benefit is not that record', async () => {
    const apply = await ask('xin trợ cấp thất nghiệp ở đâu ạ');
    expect([apply.intent, apply.procedure]).toEqual(['out_of_scope', null]);
    expect((await ask('bố tôi nằm viện lâu ngày, tôi lĩnh thay lương hưu được không')).procedure?.code).toBe('1.001601');
    expect((await ask('ủy quyền cho vợ nhận thay trợ cấp bảo hiểm xã hội thế nào')).procedure?.code).toBe('1.001601');
  });

  it('"làm giấy gì", "cần giấy chứng nhận gì" ask which paper to get, not what to bring', async () => {
    expect((await ask('bo me cho dat, toi muon tang lai cho em trai thi lam giay gi')).intent).toBe('overview');
  });

  it('"ra ngoại tỉnh" typed without marks is no adultery: no court door for a farmer', async () => {
    const answer = await ask('trai heo cua toi muon ban heo ra ngoai tinh thi can giay chung nhan gi');
    expect(answer.reply).not.toContain('Tòa án');
    expect(answer.intent).not.toBe('out_of_scope');
  });

  it('a follow-up that names the procedure discussed keeps it, however many new words it has ("còn mẫu đơn xin thôi quốc tịch")', async () => {
    await ask('Tôi sắp vào quốc tịch Nhật nên phải thôi quốc tịch Việt Nam, hồ sơ gồm gì?', 'nat:same-topic');
    const form = await ask('thế còn mẫu đơn xin thôi quốc tịch lấy ở đâu ạ', 'nat:same-topic');
    expect([form.intent, form.procedure?.code]).toEqual(['forms', '2.002036']);
  });

  it('a question that says what narrows a record gets the narrower one ("chưa đăng ký kết hôn" → khai sinh kết hợp nhận cha con)', async () => {
    await expectRecord('1.000689', [
      'Vợ chồng mình chưa đăng ký kết hôn, giờ sinh bé xong muốn làm khai sinh có tên bố luôn thì làm thủ tục nào?',
      'hai đứa chưa đăng ký kết hôn mà có em bé rồi, làm khai sinh cho bé có tên bố được không',
    ]);
    expect((await ask('làm giấy khai sinh cho bé mới sinh cần gì')).procedure?.code).toBe('1.001193');
  });

  it('a field is named by its words, not by "thủ tục" ("thu" of "Thú y"); a list of what fits when no field is named', async () => {
    expect(running.app.catalog.byField('cho hỏi thủ tục về đăng ký tàu cá')).toBeNull();
    expect(running.app.catalog.byField('các thủ tục lĩnh vực thú y')?.field).toBe('Thú y');
    const list = await ask('cho mình hỏi các thủ tục về tàu cá', 'nat:related');
    expect(list.intent).toBe('browse');
    expect(list.reply).not.toContain('Thú y');
    const first = list.candidates[0]?.code;
    expect(list.candidates.every((c) => /tàu cá/i.test(c.name))).toBe(true);
    expect((await ask('1', 'nat:related')).procedure?.code).toBe(first);
  });

  it('evidence spread over a story counts: no single sentence has to say it all', async () => {
    const answer = await ask(
      'Xe máy cũ nhà tôi hỏng nát không sửa nổi, đã bán đồng nát rồi. Không sang tên cho ai hết, chỉ muốn nộp lại giấy đăng ký với biển số. Làm ở đâu?',
    );
    expect(['1.013123', '1.013065']).toContain(answer.procedure?.code);
  });

  it('a long story is read sentence by sentence: the sentence that asks outweighs the procedure the story mentions', async () => {
    const answer = await ask(
      'Hồi tháng trước tôi báo mất hộ chiếu ở công an phường vì tưởng đánh rơi ngoài chợ. Hôm qua dọn nhà tôi lại tìm thấy nó trong ngăn tủ. Giờ tôi muốn khôi phục cho hộ chiếu dùng tiếp được thì mất mấy ngày?',
    );
    expect(answer.intent).toBe('duration');
    expect(['1.010384', '1.010382']).toContain(answer.procedure?.code);
  });

  it('what one sentence of a story says (a foreigner) holds for the sentence that asks, and is not asked again', async () => {
    const answer = await ask(
      'Vợ tôi mang quốc tịch Thái Lan, hai vợ chồng sống ở Đà Nẵng đã hơn mười năm nay. Tháng trước cô ấy mất vì bệnh tim sau một thời gian nằm viện. Tôi muốn đăng ký khai tử cho cô ấy thì nộp hồ sơ ở đâu?',
    );
    expect(answer.intent).toBe('where');
    expect(answer.procedure?.code).toBe('1.001766');
  });

  it('a message that ends on a narrow question is answered as that question', async () => {
    const answer = await ask('Giấy phép lái xe máy của tôi bị mất hôm đi chợ, cấp lại thì thế nào, làm online được không?');
    expect(answer.intent).toBe('online');
    expect(answer.procedure?.code).toBe('3.000348');
  });

  it('prefers the commune-level variant and asks when two stay close', async () => {
    const id = await running.app.assistant.ask({ text: 'cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên', sessionId: 'nat:1' });
    expect(id.procedure?.code).toBe('1.014061');
    const provincial = running.app.catalog.search.search('cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên cấp tỉnh', { limit: 1 })[0];
    expect(provincial.procedure.levels).toContain('Cấp tỉnh');
  });

  it('a follow-up that asks another action of the procedure discussed gets that sibling, keeping whom it is for', async () => {
    const first = await ask('Cho hỏi thẻ thường trú của người nước ngoài', 'nat:sibling');
    expect(first.procedure?.code).toBe('1.001010');
    const lost = await ask('chồng tôi làm mất thẻ rồi', 'nat:sibling');
    expect(lost.procedure?.code).toBe('2.000460');
    const fee = await ask('lệ phí cấp lại bao nhiêu', 'nat:sibling');
    expect(fee.procedure?.code).toBe('2.000460');
  });

  it('asks about close records that differ in what they do; offers one that differs in what it is about beside the answer', () => {
    const wide = Understander.fromDirectory(() => running.app.catalog.search, undefined, { closeMargin: 0.1, askMargin: 0.1 });
    const account = wide.understand('bố tôi quên mật khẩu VNeID bị khóa luôn, giờ mở khóa tài khoản định danh cần gì');
    expect(account.named?.procedure.code).toBe('3.000275');
    expect(account.ambiguous).toEqual([]);
    expect(account.alternative?.procedure.code).toBe('3.000277');
    const certificate = wide.understand('tôi muốn cấp lại chứng chỉ môi giới bất động sản');
    // Both are asked about, in whichever order their scores put them.
    expect(certificate.ambiguous.map((h) => h.procedure.code).sort()).toEqual(['1.012907', '1.012910']);
  });

  it('asks about records that differ in what they do only when they are nearly level; one a little behind is offered beside the answer', () => {
    const text = 'bằng lái B2 hết hạn hơn một năm, phải thi lại lý thuyết thì nộp hồ sơ ở đâu';
    const asking = Understander.fromDirectory(() => running.app.catalog.search, undefined, { closeMargin: 0.1, askMargin: 0.1 });
    expect(
      asking
        .understand(text)
        .ambiguous.map((h) => h.procedure.code)
        .sort(),
    ).toEqual(['3.000347', '3.000348']);
    const u = Understander.fromDirectory(() => running.app.catalog.search, undefined, { closeMargin: 0.1 }).understand(text);
    expect(u.ambiguous).toEqual([]);
    expect([u.named?.procedure.code, u.alternative?.procedure.code].sort()).toEqual(['3.000347', '3.000348']);
  });

  it('a boat or a jet ski is no road vehicle: a record about cars and motorbikes is never the answer', async () => {
    for (const text of ['giấy đăng ký chiếc cano chở khách bị rách, làm lại cần gì', 'chiếc mô tô nước hỏng nát rồi, muốn xóa đăng ký thì nộp gì']) {
      expect((await ask(text)).procedure?.name ?? '', text).not.toMatch(/\bxe\b/i);
    }
  });

  it('reporting a loss is never meant unless the question says something was lost', async () => {
    const top = running.app.catalog.search.search('làm giấy thông hành', { limit: 3 });
    expect(top.map((h) => h.procedure.name).join('\n')).not.toMatch(/Trình báo mất/);
    const lost = running.app.catalog.search.search('bị mất giấy thông hành thì báo ở đâu', { limit: 1 })[0];
    expect(lost.procedure.name).toMatch(/Trình báo mất giấy thông hành/);
  });

  it('never asks to choose between two copies of one procedure', async () => {
    const tax = await ask('xin gia hạn nộp thuế');
    expect(['1.008590', '1.013490']).toContain(tax.procedure?.code);
    // The same licence, from the province or delegated to the commune.
    const canal = await ask('xây cống trong hành lang bảo vệ kênh thủy lợi cần giấy phép gì');
    expect(['1.004427', '1.014849']).toContain(canal.procedure?.code);
  });

  it('an answer to a clarifying question in its own words picks the option it describes', async () => {
    const asked = await ask('Tôi cần cấp lại chứng chỉ môi giới bất động sản', 'nat:offered');
    expect(asked.procedure).toBeNull();
    expect(asked.candidates.map((c) => c.code).sort()).toEqual(['1.012907', '1.012910']);
    // Two names that shorten alike get quick replies that tell them apart.
    const again = await ask('Tôi muốn cấp lại chứng chỉ môi giới bất động sản', 'nat:offered-labels');
    expect(again.suggestions).toHaveLength(2);
    expect(new Set(again.suggestions).size).toBe(2);
    const picked = await ask('chứng chỉ của tôi bị cháy mất một góc', 'nat:offered');
    expect(picked.procedure?.code).toBe('1.012907');
  });

  it('how late or how long ago something is names no procedure', async () => {
    expect((await ask('khai tu tre han vai thang duoc khong')).procedure?.code).toBe('1.000656');
  });

  it('a paper to bring is a document of the procedure discussed, not a procedure of its own', async () => {
    await ask('làm căn cước cho con 10 tuổi ở đâu', 'nat:bring');
    const bring = await ask('có cần mang giấy khai sinh không', 'nat:bring');
    expect(bring.procedure?.code).toBe('1.014062');
    expect(bring.intent).toBe('documents');
  });

  it('a civil status event settled abroad is recorded here; a divorce record only for a question that says divorce', async () => {
    expect((await ask('me toi qua doi ben Duc, giay chung tu ben do cap, gio ve que ghi vao so ho tich')).procedure?.code).toBe('2.000547');
    expect((await ask('xin bản sao bản án ly hôn online được không')).procedure?.code).toBe('3.000165');
  });

  it('a correction that names another subject of the procedure discussed gets that sibling and the question asked before', async () => {
    await ask('đăng ký kết hôn ở đâu', 'nat:correction');
    const corrected = await ask('à quên, chồng sắp cưới của mình là người Úc', 'nat:correction');
    expect(corrected.procedure?.code).toBe('2.000806');
    expect(corrected.intent).toBe('where');
  });

  it('a correction that swaps the thing the procedure is about gets the record of that thing, one that keeps it keeps the procedure', async () => {
    await ask('đăng ký thế chấp nhà đất để vay vốn ngân hàng', 'nat:correction-thing');
    const swapped = await ask('à nhầm, tôi thế chấp xe tải chứ không phải nhà đất', 'nat:correction-thing');
    expect(swapped.procedure?.code).toBe('1.011435');
    // The vehicles' registration fee covers cars as it covers motorbikes; what its name excludes ("(trừ tàu thuyền …)") is no part of it.
    await ask('Mới mua xe máy cũ của người quen, khai lệ phí trước bạ ở đâu', 'nat:correction-kept');
    const kept = await ask('à nhầm, là xe ô tô chứ không phải xe máy, vẫn khai ở đó à?', 'nat:correction-kept');
    expect(kept.procedure?.code).toBe('1.007700');
  });

  it('a story\'s sentence that tells a thing done ("đã … có trích lục rồi") weighs less than the one that asks', async () => {
    const reply = await ask(
      'Mẹ tôi đang hưởng lương hưu, mất tuần trước. Nhà đã làm xong khai tử và có trích lục rồi. Giờ muốn nhận trợ cấp mai táng và tiền tuất thì làm thủ tục gì?',
    );
    expect(reply.procedure?.code).toBe('2.000821');
  });

  it('a follow-up opening with "còn" that asks its own question gets that question, not the last one', async () => {
    await ask('Chứng thực hợp đồng mua bán nhà ở UBND xã hết bao nhiêu tiền?', 'nat:own-question');
    const own = await ask('Còn hợp đồng cho thuê nhà thì cũng chứng thực ở xã được chứ, hay bắt buộc ra công chứng?', 'nat:own-question');
    expect(own.intent).toBe('requirements');
  });

  it("the death of someone who paid social insurance, told as a story, is the survivors' benefit; one who never paid is not", async () => {
    const insured = await ask(
      'Chú tôi làm tài xế cho hợp tác xã, đóng bảo hiểm xã hội được 9 năm. Tháng rồi chú bị ung thư mất. Thím với hai đứa nhỏ được nhận những khoản gì?',
    );
    expect(insured.procedure?.code).toBe('2.000821');
    const uninsured = await ask(
      'Anh tôi đi làm thuê tự do, chưa đóng bảo hiểm xã hội bao giờ, năm ngoái bị bệnh mất. Gia đình có được hưởng chế độ gì không?',
    );
    expect(uninsured.procedure?.code).not.toBe('2.000821');
  });

  it('"con le phi thi sao" typed without marks follows up on the procedure discussed; "con toi" is still a child', async () => {
    await ask('đổi bằng lái xe', 'nat:con');
    expect((await ask('con phi bao nhieu?', 'nat:con')).procedure?.code).toBe('3.000347');
    expect((await ask('the con lam online duoc khong', 'nat:con')).procedure?.code).toBe('3.000347');
    expect((await ask('con toi chua co giay khai sinh, lam the nao')).procedure?.code).not.toBe('3.000347');
  });

  it('a guess at a dossier with no code and no word of one is a question about a procedure', async () => {
    expect((await ask('nuoi ran ho mang thuong pham, dang ky ma so co so nuoi')).intent).not.toBe('dossier_status');
    await ask('em muon xin cap lai so do', 'nat:not-dossier');
    expect((await ask('ko phai mat dau, so bi ngam nuoc lu mo het chu, van con cuon so', 'nat:not-dossier')).intent).not.toBe('dossier_status');
  });

  it('"con chi phi thi sao" is "còn chi phí": no sister\'s child', async () => {
    await ask('đổi bằng lái xe', 'nat:chi');
    expect((await ask('con chi phi thi sao', 'nat:chi')).procedure?.code).toBe('3.000347');
  });

  it('"có cần … không" while a procedure is discussed asks what that procedure needs, never a door elsewhere', async () => {
    await ask('bằng lái bị trừ hết điểm, đăng ký kiểm tra lại kiến thức pháp luật để phục hồi điểm ở đâu', 'nat:need');
    const reply = await ask('có cần giấy khám sức khỏe không', 'nat:need');
    expect(reply.procedure?.code).toBe('1.013211');
    expect(['requirements', 'documents']).toContain(reply.intent);
    await ask('bang lai bi tru het diem, dang ky kiem tra lai de phuc hoi diem', 'nat:need-folded');
    expect((await ask('co can giay kham suc khoe ko', 'nat:need-folded')).procedure?.code).toBe('1.013211');
  });

  it('"có cần giấy X không", "phải làm X xong mới được à" while a procedure is discussed: what it needs, X one tap away', async () => {
    for (const [i, [topic, code, text, intent, other]] of [
      [
        'hai đứa mình đều người Việt, muốn đăng ký kết hôn thì làm ở đâu',
        '1.000894',
        'có cần giấy xác nhận tình trạng hôn nhân không',
        'documents',
        'tình trạng hôn nhân',
      ],
      ['đăng ký thường trú cho con vào nhà ông bà cần gì', '1.004222', 'co can mang so ho khau cu ko', 'documents', ''],
      [
        'mình nghỉ bán rồi, muốn chấm dứt hộ kinh doanh thì làm sao',
        '1.001266',
        'có phải quyết toán thuế xong mới đóng được không',
        'requirements',
        'quyết toán thuế',
      ],
    ].entries()) {
      const say = (line: string) => ask(line, `nat:needed-${i}`);
      expect((await say(topic)).procedure?.code).toBe(code);
      const next = await say(text);
      expect([next.intent, next.procedure?.code], text).toEqual([intent, code]);
      if (other) expect(next.suggestions.join(' | ')).toMatch(new RegExp(other, 'i'));
    }
  });

  it('a record the discussed one is done for ("… để đăng ký thường trú") is the next step, not the same procedure', async () => {
    const say = (text: string) => ask(text, 'nat:goal');
    const first = await say('nhà thuê muốn nhập khẩu cho cả nhà thì phải xin xác nhận diện tích bình quân đầu người, xin ở đâu');
    expect(first.procedure?.code).toBe('1.013314');
    expect((await say('xong cái đó thì đăng ký thường trú nộp hồ sơ ở đâu')).procedure?.code).toBe('1.004222');
  });

  it('a narrow question barely read as a subscription ("nhận in …") is about a procedure, not a dossier to follow', async () => {
    for (const text of [
      'cơ sở in của mình nhận in thiệp có hình tờ tiền polymer, có phải xin phép ngân hàng nhà nước không',
      'nhà em nhận in bao lì xì in hình tiền 200 nghìn thì có cần xin phép ai không',
    ]) {
      const reply = await ask(text);
      expect(['subscribe', 'dossier_status'], text).not.toContain(reply.intent);
      expect([reply.procedure?.code, ...reply.candidates.map((c) => c.code)], text).toContain('1.012302');
    }
  });

  it('"phải nộp bổ sung những gì" after a story asks for the papers', async () => {
    const reply = await ask(
      'Hợp tác xã chúng tôi đã được Ngân hàng Nhà nước chấp thuận nguyên tắc thành lập quỹ tín dụng nhân dân từ tháng trước. Giờ xin giấy phép thành lập và hoạt động chính thức thì phải nộp bổ sung những gì?',
    );
    expect([reply.intent, reply.procedure?.code]).toEqual(['documents', '2.000055']);
  });

  it('"thông báo … dùng mẫu nào", "mẫu số mấy" while a procedure is discussed ask for its form, not to stop notices', async () => {
    for (const [i, text] of ['thông báo sai sót thì dùng mẫu nào', 'ghi thông báo sai sót theo mẫu số mấy'].entries()) {
      const say = (line: string) => ask(line, `nat:form-${i}`);
      expect((await say('công ty mình lập hóa đơn điện tử bị sai tên người mua thì xử lý thế nào')).procedure?.code).toBe('1.010341');
      const reply = await say(text);
      expect([reply.intent, reply.procedure?.code], text).toEqual(['forms', '1.010341']);
    }
  });

  it('a narrow follow-up read as a complaint it does not clearly make keeps the procedure discussed', async () => {
    await ask('minh di lam xa o Binh Duong hon 1 nam, co can khai bao tam vang o que ko', 'nat:app');
    expect((await ask('khai qua app dc ko hay phai ve que', 'nat:app')).procedure?.code).toBe('1.003677');
  });

  it('a life event gives way to a procedure whose official name the message says in full', async () => {
    expect((await ask('vợ chồng tôi cưới rồi mà chưa đăng ký kết hôn, giờ đi đăng ký thế nào')).procedure?.code).toBe('1.000894');
    expect((await ask('vo chong em cuoi roi ma chua dang ky ket hon, gio muon lam thi the nao')).procedure?.code).toBe('1.000894');
  });

  it('asked what it can do, the assistant answers so, although records are named "Hỗ trợ …"', async () => {
    expect((await ask('bạn hỗ trợ những gì')).intent).toBe('help');
  });

  it('what one already has ("chỉ có CCCD") is no request for it', async () => {
    // A school report one has ("có học bạ") is no school matter either.
    const told = await ask('em có học bạ, bằng cấp 3, căn cước đủ cả, chỉ thiếu giấy khai sinh, làm sao');
    expect(['1.001193', '1.004772']).toContain(told.procedure?.code ?? told.candidates?.[0]?.code);
    const reply = await ask('tôi chưa bao giờ có giấy khai sinh, chỉ có CCCD với học bạ, giờ làm khai sinh được không');
    const codes = reply.procedure ? [reply.procedure.code] : (reply.candidates ?? []).map((c) => c.code);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(['1.001193', '1.004772']).toContain(code);
  });

  it('a follow-up that names another paper of the same matter in part gets that paper', async () => {
    await ask('đăng ký tàu cá', 'nat:other-paper');
    expect((await ask('còn giấy phép khai thác thì sao', 'nat:other-paper')).procedure?.code).toBe('1.004359');
    await ask('đăng ký tàu cá', 'nat:same-paper');
    // A narrow question names nothing new: the procedure discussed.
    expect((await ask('còn lệ phí thì sao', 'nat:same-paper')).procedure?.code).toBe('1.003650');
  });
  it('"à không phải đóng hẳn, nghỉ mấy tháng rồi mở lại" corrects the closure: the suspension, never a complaint', async () => {
    await ask('mình muốn đóng cửa quán tạp hóa, chấm dứt hộ kinh doanh làm sao', 'nat:not-closing');
    const corrected = await ask('à không, tôi không đóng hẳn, chỉ nghỉ khoảng nửa năm để chăm con rồi mở lại', 'nat:not-closing');
    expect(corrected.intent).not.toBe('feedback');
    expect(corrected.procedure?.code).toBe('1.001570');
  });

  it('"không phải chấm dứt hẳn, chỉ tạm ngừng" after a project\'s termination notice gets its suspension notice', async () => {
    await ask('dự án đầu tư của công ty muốn chấm dứt hoạt động thì thông báo ai', 'nat:project-pause');
    const corrected = await ask('à không, không phải chấm dứt hẳn, chỉ tạm ngừng chừng nửa năm', 'nat:project-pause');
    expect(corrected.procedure?.code).toBe('1.009661');
  });

  it('"không phải đổi tên, chỉ đổi người đại diện" keeps the change of representative discussed', async () => {
    await ask('công ty cổ phần muốn thay người đại diện theo pháp luật', 'nat:same-verb');
    const corrected = await ask('không phải đổi tên công ty đâu, chỉ đổi ông giám đốc đại diện thôi, cần giấy tờ gì', 'nat:same-verb');
    expect(corrected.procedure?.code).toBe('2.002011');
    expect(corrected.intent).toBe('documents');
  });

  it('a story that only says again what the procedure discussed does is about it, not a new situation', async () => {
    await ask('mất thẻ công chứng viên thì xin lại thế nào', 'nat:same-topic');
    const told = await ask('không phải làm mới đâu, thẻ mình có từ 2019 rồi, chỉ là bị mất ví thôi', 'nat:same-topic');
    expect(told.intent).not.toBe('browse');
    expect(told.procedure?.code).toBe('1.013830');
  });

  it('the costs one asks help with are the benefit asked for, not a fee', async () => {
    const answer = await ask('bị thương khi đi chữa cháy cùng dân phòng, chưa có bảo hiểm, muốn xin hỗ trợ chi phí khám chữa bệnh');
    expect(answer.procedure?.code).toBe('3.000509');
    expect(answer.intent).toBe('overview');
  });

  it('"người Ý" is an Italian, with or without marks; "người y tế" is no foreigner', async () => {
    for (const text of [
      'vợ chồng mình là người Ý, muốn nhận con nuôi ở Việt Nam thì thủ tục thế nào',
      'vo chong minh nguoi Y muon nhan con nuoi o VN',
    ]) {
      expect(['1.003160', '1.003976'], text).toContain((await ask(text)).procedure?.code);
    }
    expect((await ask('vợ chồng tôi làm người y tế ở xã, muốn nhận con nuôi thì thủ tục thế nào')).procedure?.code).toBe('2.001263');
  });

  it('"muốn đính chính thì …" wants the record that opens with those words, whatever the story did before', async () => {
    await expectRecord('1.012790', [
      'Năm 2023 tôi nhận thừa kế mảnh đất của bố, đã sang tên đứng tên tôi rồi, nhưng sổ in sai tên đệm của tôi. Muốn đính chính thì làm ở đâu?',
    ]);
  });

  it('a life event told beside one of the procedures it lists, named well enough, is that procedure; "những giấy tờ, thủ tục gì" asks for the list', async () => {
    await expectRecord('2.000717', ['Ông nội tôi vừa qua đời, tháng này chưa kịp lĩnh lương hưu, nhận thay phần đó thế nào?']);
    await expectRecord('1.003197', ['con trai đi định cư nước ngoài rồi, muốn cắt khẩu cho nó']);
    const list = await ask('Tôi mới mở một quán phở nhỏ ở phường, cần làm những giấy tờ, thủ tục gì?');
    expect(list.intent).toBe('browse');
    expect(list.candidates.map((c) => c.code)).toContain('1.001612');
  });

  it('a birth certificate with the child\'s health card "một lần", no residence said or one put off, is the two-in-one, not the three-in-one', async () => {
    await expectRecord('2.001023', ['Làm giấy khai sinh cho con mà muốn làm luôn thẻ bảo hiểm y tế cho bé một lần']);
    await expectRecord('2.000986', ['con mới sinh muốn vừa khai sinh vừa nhập khẩu vừa có thẻ bhyt']);
    // A residence put off or denied is not asked: the two-in-one still.
    await expectRecord('2.001023', [
      'Đăng ký khai sinh cho con gái kèm làm thẻ BHYT luôn, còn thường trú thì tính sau',
      'khai sinh cho bé với thẻ bảo hiểm y tế, hộ khẩu chưa cần nhập',
    ]);
  });

  it('"không phải mất, sổ bị ướt rách" after the land certificate\'s reissue is its exchange, the sibling of the same field', async () => {
    for (const [id, text] of [
      ['nat:soaked', 'ko phai mat dau, so bi ngam nuoc lu mo het chu, van con cuon so'],
      ['nat:torn', 'không phải mất, sổ bị ướt rách nát hết nhưng vẫn còn'],
    ]) {
      expect((await ask('em muon xin cap lai so do', id)).procedure?.code).toBe('1.012786');
      expect((await ask(text, id)).procedure?.code, text).toBe('1.012783');
    }
  });

  it('households setting up a cooperative ("hợp tác xã", "htx") get the cooperative, not the cooperative group ("tổ hợp tác")', async () => {
    await expectRecord('1.005280', [
      'mấy hộ nuôi ong ở thôn muốn lập hợp tác xã thì làm sao',
      'mấy hộ làm nghề mây tre muốn lập hợp tác xã',
      'may ho nuoi ong muon lap htx',
    ]);
    await expectRecord('2.002637', ['mấy nhà trồng rau muốn làm tổ hợp tác']);
  });

  it('"… hay phải chờ đợt rà soát cuối năm" is the option not taken: the poor-household recognition any time of year', async () => {
    await expectRecord('1.011607', [
      'Tháng 7 nhà tôi bị lũ cuốn mất nhà, vợ tôi lại ốm. Xin xét hộ cận nghèo bây giờ được không hay phải chờ đợt rà soát cuối năm?',
    ]);
  });

  it('a door\'s own record named by the words its name opens with ("muốn xã hòa giải") is that procedure; advice asked stays the door', async () => {
    await expectRecord('1.012812', ['dat nha toi bi hang xom lan ranh, muon xa hoa giai thi viet don the nao']);
    expect((await ask('Hàng xóm xây tường lấn sang đất nhà tôi, tôi nên kiện ra tòa hay làm thế nào, tư vấn giúp tôi')).intent).toBe('out_of_scope');
  });

  it('gold taken along when emigrating ("mấy cây vàng", "vàng miếng") is the licence to carry gold abroad', async () => {
    await expectRecord('1.001328', [
      'cả nhà sắp sang Mỹ định cư, muốn mang theo mấy cây vàng tích góp thì có phải xin phép không',
      // Jewellery taken along is no jewellery workshop, nor is "mang … ra nước ngoài" a weapon taken abroad.
      'Nhà có ít vàng trang sức để dành mấy chục năm, sắp sang Úc định cư theo diện bảo lãnh, muốn mang theo. Nghe nói mang vàng ra nước ngoài quá mức phải có giấy phép, hồ sơ gồm gì?',
      'Bố mẹ tôi sắp sang Mỹ định cư, có mấy cây vàng với ít nữ trang muốn mang theo qua đó. Nghe nói mang vàng ra nước ngoài quá mức phải xin phép. Xin ở đâu?',
    ]);
    expect((await ask('gia dinh sap sang canada dinh cu, me toi co may cay vang mieng muon mang theo thi xin phep o dau')).procedure?.code).not.toBe(
      '1.014372',
    );
  });

  it('"người nước ngoài muốn nhập quốc tịch" is the naturalisation, neither a choice with nor a loss to the stateless person\'s exit permit', async () => {
    await expectRecord('2.002039', ['Người nước ngoài muốn nhập quốc tịch Việt Nam thì cần làm gì']);
    const first = await ask('Người nước ngoài muốn nhập quốc tịch Việt Nam thì làm thủ tục gì?', 'nat:naturalise');
    expect(first.procedure?.code).toBe('2.002039');
    expect((await ask('Cần đáp ứng những điều kiện gì?', 'nat:naturalise')).procedure?.code).toBe('2.002039');
  });

  it("a building's grade told in the story, away from the question, picks the permit for that grade", async () => {
    await expectRecord('1.013233', [
      'Nhà máy may của công ty tôi ở Long An là công trình cấp I, đã có giấy phép xây dựng nhưng vướng giải phóng mặt bằng nên chưa khởi công được, giấy phép sắp hết hạn. Xin thêm thời gian cho giấy phép thì nộp ở đâu?',
    ]);
    await expectRecord('1.013236', [
      'Trường tư thục của chúng tôi chuẩn bị xây khu học mới cao 9 tầng, công trình cấp II, trên đất trường đã có sổ. Đây là xây mới chứ không phải sửa lại nhà cũ. Xin giấy phép xây dựng cần những giấy tờ gì?',
    ]);
    await expectRecord('1.013225', ['Nhà văn hóa thôn là công trình cấp IV, xây mới trên đất của xã, giấy phép xây dựng xin ở đâu?']);
  });

  it("a story's first sentence, which says who is asking and wants nothing, weighs less than what is asked after it", async () => {
    await expectRecord('2.002039', [
      'Tôi là người Campuchia, cưới chồng người Việt, có thẻ thường trú ở An Giang đã 8 năm. Tôi đọc viết tiếng Việt được, có sạp bán vải ngoài chợ. Bây giờ tôi muốn vào quốc tịch Việt Nam cho tiện lo giấy tờ cho con. Cần những điều kiện gì?',
    ]);
  });

  it('records offered under a question the assistant is unsure of come with no flat refusal, and "xin ở đâu" after them asks of them all', async () => {
    const session = 'nat:offered-xin';
    const first = await ask('Cơ sở của tôi nhận in bao lì xì có hình tờ tiền 200 nghìn, vậy có phải xin phép Ngân hàng Nhà nước không?', session);
    expect(first.candidates.map((c) => c.code)).toContain('1.012302');
    expect(first.reply).not.toContain('chỉ hỗ trợ về thủ tục hành chính');
    // "xin" is no choice of the permit for repairs that one option's everyday name opens with.
    for (const [i, text] of ['hồ sơ xin gồm những gì', 'xin ở đâu', 'xin mất bao lâu'].entries()) {
      const own = `${session}:${i}`;
      await ask('Cơ sở của tôi nhận in bao lì xì có hình tờ tiền 200 nghìn, vậy có phải xin phép Ngân hàng Nhà nước không?', own);
      const next = await ask(text, own);
      expect(next.procedure, text).toBeNull();
      expect(
        next.candidates.map((c) => c.code),
        text,
      ).toEqual(first.candidates.map((c) => c.code));
    }
  });

  it('a boat that takes tourists out ("ca nô kéo dù lượn cho khách") is a recreation craft, not a river vessel', async () => {
    await expectRecord('2.001215', [
      'Nhà tôi mới mua chiếc ca nô để kéo dù lượn cho khách ở bãi biển Cửa Lò, chưa đăng ký lần nào. Đăng ký thì nộp ở đâu?',
    ]);
  });

  // Everyday words for an official matter find the record that names it in its own words.
  it.each<[string, string, string[]]>([
    [
      "a gold shop's value added tax is declared on the value added, not by deduction",
      '1.007016',
      ['tiệm vàng của tôi là công ty, khai thuế gtgt hằng tháng thì dùng tờ khai nào'],
    ],
    [
      'agreeing "in principle" (đồng ý nguyên tắc) is the approval in principle',
      '1.014152',
      ['muốn mở ngân hàng thương mại cổ phần thì xin đồng ý nguyên tắc ở đâu'],
    ],
    [
      'money paid to the state budget taken back at the treasury ("ra kho bạc lấy lại tiền") is its refund, not a payment',
      '3.000116',
      ['tôi bị thu tiền phạt hai lần cho một lỗi, có quyết định trả lại rồi, ra kho bạc lấy lại tiền cần mang gì'],
    ],
    [
      'the asker\'s own company ("công ty TNHH của tôi") says who asks, not a company to set up',
      '2.002069',
      ['công ty TNHH của tôi muốn thành lập thêm chi nhánh ở Đà Nẵng'],
    ],
    ['the same, becoming a social enterprise', '2.000416', ['công ty tnhh nhỏ của chị muốn chuyển thành doanh nghiệp xã hội thì làm ở đâu']],
    ['a company to set up is still one', '2.001583', ['tôi muốn thành lập công ty TNHH một thành viên']],
    [
      'a place told by who lives there ("ở nơi tạm trú") is where, not a registration of residence',
      '1.014061',
      ['làm căn cước ở nơi tạm trú được không', 'em muốn làm thẻ căn cước tại nơi em đang tạm trú'],
    ],
    ['the same, typed without marks', '1.001456', ['lam ho chieu o noi tam tru duoc ko']],
    ["the same, the place being the mother's", '1.001193', ['nộp hồ sơ khai sinh ở xã nơi mẹ tạm trú được không']],
    [
      '"stk" is a bank account number: a household business changing it tells the tax office',
      '1.009825',
      ['hkd nha minh doi stk nhan tien, co phai thong bao cho co quan thue k'],
    ],
    [
      'a new card "in place of the one lost", the loss already reported, is the reissue',
      '2.000293',
      ['công ty báo mất thẻ ABTC của giám đốc rồi, giờ làm thẻ khác thay cái đã mất thì nộp gì'],
    ],
    [
      'a certificate about to run out, to go on working, is its reissue rather than a first issue',
      '1.003371',
      ['giấy công nhận doanh nghiệp nông nghiệp công nghệ cao của công ty sắp hết hạn, làm sao để có giấy mới'],
    ],
    [
      'a lost wallet story whose question is for one card ("… những giấy tờ gì để có lại thẻ") asks for that card, not the list',
      '2.000460',
      [
        'Vợ tôi quốc tịch Nhật, đang có thẻ thường trú ở Việt Nam. Hôm qua cô ấy bị giật túi, mất ví và mất luôn thẻ. Phải làm những giấy tờ gì để cô ấy được cấp lại thẻ thường trú?',
      ],
    ],
    [
      'telling the police one lives in a rented room is registering a temporary stay',
      '1.004194',
      [
        'em mới dọn vào xóm trọ, chủ trọ nhắc phải khai báo với công an phường, mang những giấy gì',
        'vừa chuyển tới phòng trọ mới thì phải đăng ký gì với công an không',
      ],
    ],
    [
      '"chứ đừng giải thể / đóng cửa rồi lập mới" denies the ending: a company changed into another kind',
      '2.002033',
      [
        'Công ty TNHH một thành viên của tôi giờ có thêm người góp vốn, luật sư bảo chuyển đổi luôn chứ đừng giải thể rồi lập công ty mới, làm thế nào',
      ],
    ],
    [
      '"chứ đừng đóng cửa rồi mở lại": a private enterprise changed into a company, not dissolved',
      '2.002032',
      ['doanh nghiệp tư nhân của bố muốn đổi thành công ty cổ phần chứ đừng đóng cửa rồi mở lại, thủ tục ra sao'],
    ],
    [
      'moving a whole building elsewhere on its land ("dời nguyên cái kho", "dời xưởng") takes the permit to relocate, not a repair permit',
      '1.013232',
      [
        'nhà kho cấp 4 của công ty muốn dời nguyên cái kho sang chỗ khác trong khuôn viên, có phải xin giấy phép không',
        'xưởng cơ khí nhà tôi cấp IV, định dời xưởng sang góc đất phía sau chứ không đập bỏ, xin phép ở đâu',
      ],
    ],
    [
      'food exported ("xuất khẩu", "xk") is checked under the record for exports, not the one for imports',
      '1.003395',
      [
        'Công ty em xuất khẩu ớt khô sang Nhật, bên mua đòi giấy kiểm tra an toàn thực phẩm của nhà nước, xin ở đâu',
        'cty xk thanh long sang Hàn, cần kiểm tra nhà nước về an toàn thực phẩm thì hồ sơ gồm gì',
      ],
    ],
    [
      'a term a name says only in the case it excludes ("trừ … của nước nhập khẩu") is not what the record is',
      '1.011477',
      ['trại heo của tôi xin lại giấy chứng nhận cơ sở an toàn dịch bệnh, tôi chỉ bán trong nước không xuất khẩu'],
    ],
    [
      'a ground-water works of 12,000 m³ a day takes the permit for works of 5,000 m³ a day or more',
      '1.000070',
      ['nhà máy nước của công ty khai thác 12.000 m3/ngày nước dưới đất, xin cấp giấy phép khai thác ở đâu'],
    ],
    [
      'a well of 200 khối a day takes the permits for works below 5,000 m³ a day ("gia hạn" of its exploitation permit)',
      '1.004211',
      ['giếng khoan của xưởng khai thác tầm 200 khối/ngày, giấy phép sắp hết hạn, gia hạn thế nào'],
    ],
    [
      'a house or a plot inherited is real estate: not the record of "other assets, không phải là bất động sản"',
      '1.007674',
      [
        'Bố mất để lại căn nhà, anh em để mẹ đứng tên. Mẹ khai thuế thu nhập cá nhân phần nhận thừa kế theo mẫu nào?',
        'Ông bà để lại thửa đất cho cả nhà, bố tôi đứng tên. Tờ khai thuế thu nhập cá nhân cho phần bố nhận thừa kế là mẫu nào',
      ],
    ],
    [
      'collecting a living person\'s pension or allowance for them ("nhận thay mẹ", "đi nhận thay"): the authorisation to collect',
      '1.001601',
      [
        'Mẹ tôi bệnh nằm một chỗ ở nhà, tôi muốn nhận thay mẹ tiền lương hưu hằng tháng thì làm giấy gì',
        'ông ngoại đi lại khó khăn, cháu đi nhận thay trợ cấp hằng tháng được không',
      ],
    ],
    [
      'a temporary or permanent residence card ("thẻ tạm trú", "thẻ thường trú") is for foreigners: citizens only register their stay',
      '1.003460',
      ['làm thẻ tạm trú cho ông xã ở đâu vậy', 'chong minh co giay phep lao dong roi, lam the tam tru can dieu kien gi'],
    ],
    [
      "hand luggage and cash carried across the border: the customs procedure for travellers, not an airport's licence",
      '1.007891',
      ['hàng xách tay từ Mỹ về có phải đóng thuế không', 'mang bao nhiêu tiền mặt qua sân bay phải khai báo'],
    ],
    [
      'renewing an expired family health insurance card: paying on for it, the record that issues it',
      '1.001939',
      ['thẻ bhyt cả nhà hết hạn rồi, gia hạn ở đâu'],
    ],
    [
      'a child from a care centre ("trung tâm bảo trợ", "mái ấm"): the adoption from a care facility',
      '1.003976',
      [
        'vo chong minh nguoi Duc, muon nhan con nuoi o mot trung tam bao tro tre em o Da Nang, thu tuc the nao',
        'chúng tôi là người Canada, muốn nhận nuôi một bé ở mái ấm tình thương',
      ],
    ],
    [
      'old blades and crossbows kept at home ("giáo mác", "cây nỏ"): the primitive weapons declared as heirlooms',
      '1.013442',
      ['nha giu giao mac co de tho, co phai khai bao ko'],
    ],
    [
      'money paid for care and claimed back ("đòi lại tiền", "lấy lại tiền"): the direct payment of health-insurance costs',
      '1.001656',
      [
        'mổ ruột thừa ở bệnh viện tư phải tự trả tiền, giờ đòi lại tiền bảo hiểm y tế được không',
        'kham benh tu tra tien roi, muon lay lai tien bhyt thi lam sao',
      ],
    ],
    [
      'a company closed for a while ("đóng cửa tạm", "chưa muốn giải thể"): the pause, not the dissolution or a new company',
      '2.002029',
      ['công ty cổ phần của tôi làm ăn thua lỗ, muốn tạm đóng cửa nửa năm, chưa muốn giải thể, thủ tục thế nào'],
    ],
    [
      'relatives who come to stay a few days and "báo công an": the stay notice, never out of scope',
      '2.001159',
      ['ong ba noi duoi que len choi may hom thi co phai bao cong an khong', 'bố mẹ em ở quê lên chơi 1 tuần thì có phải báo công an không'],
    ],
    [
      'a torn banknote told as it is ("tờ 200k rách làm hai")',
      '2.001077',
      ['tờ 200k bị rách làm hai, dán băng dính lại rồi, ra ngân hàng đổi được không'],
    ],
    [
      '"thành công dân Việt Nam": naturalisation',
      '2.002039',
      ['vợ tôi người Trung Quốc, ở Việt Nam 10 năm rồi, giờ muốn thành công dân Việt Nam thì cần những gì'],
    ],
    [
      'an everyday word whose condition stands among the framing words ("muốn mang theo"): the gold permit for emigrants',
      '1.001328',
      ['bà nội tôi có mấy chỉ vàng muốn mang theo bên người. Có cần xin phép gì không?'],
    ],
    [
      'ending a household business in everyday words ("hủy", "dẹp luôn", "không mở lại nữa"): the record that ends it',
      '1.001266',
      [
        'tiệm tạp hóa của mẹ tôi không buôn bán nữa, làm sao để hủy hộ kinh doanh',
        'muon huy ho kinh doanh thi lam the nao',
        'tiệm tóc của em đăng ký hộ kinh doanh, giờ dẹp luôn, không mở lại nữa đâu, thủ tục sao',
        'quán nước đăng ký hộ kinh doanh giờ không mở lại nữa, phải báo xã ra sao',
      ],
    ],
    [
      'an application withdrawn before it is decided ("rút lại hồ sơ"): the withdrawal, not the closing',
      '1.014035',
      ['tuần trước nộp hồ sơ đăng ký hộ kinh doanh, giờ đổi ý muốn rút lại hồ sơ thì làm sao'],
    ],
    [
      'leaving a rented room ("bỏ tên ra khỏi diện tạm trú"): the removal of the temporary residence',
      '1.010028',
      ['dọn về quê ở hẳn rồi, chủ trọ bảo phải bỏ tên em ra khỏi diện tạm trú, làm sao ạ'],
    ],
    [
      'what is wanted ("muốn xin nhập quốc tịch") leads over a sibling the story matches as often ("gốc Việt")',
      '2.002797',
      ['mình là người Campuchia, đang sống ở Phnom Penh, bà ngoại gốc Việt, muốn xin nhập quốc tịch Việt Nam từ bên này thì nộp ở đâu'],
    ],
    [
      'moving to another place ("dời … sang địa điểm mới") changes what was registered: the change, not a first registration',
      '1.003463',
      ['tiệm vàng nhà tôi đang làm đại lý đổi ngoại tệ, sắp dời quầy đổi tiền sang địa điểm mới thì làm thủ tục gì'],
    ],
    [
      'adding a spouse\'s name to the land certificate ("thêm tên") is a change registered, not a new certificate',
      '1.013980',
      ['sổ hồng chỉ đứng tên vợ, giờ muốn thêm tên chồng vào vì là tài sản chung thì làm gì'],
    ],
    [
      '"tự nguyện thôi" a licensed trade ends it',
      '2.000083',
      ['cty em có giấy phép kinh doanh mua bán vàng miếng, nay muốn tự nguyện thôi mảng vàng miếng thì làm sao'],
    ],
    [
      'a card never applied for ("chưa từng xin") is the first issue, not the reissue',
      '1.000811',
      [
        'Doanh nghiệp tôi bán hàng thủ công mỹ nghệ, giám đốc thường sang Úc, Hàn, Nhật gặp đối tác. Nghe nói thẻ ABTC đi lại không cần xin thị thực. Trước giờ công ty chưa từng xin thẻ này. Giờ muốn xin cho giám đốc.',
      ],
    ],
    [
      'a certificate "vừa được cấp đổi" with a typo: "không phải mất sổ hay muốn đổi sổ" denies both, and the correction is asked',
      '1.012790',
      [
        'Giấy chứng nhận quyền sử dụng đất nhà tôi vừa được cấp đổi tháng trước mà ghi sai năm sinh của tôi do cán bộ nhập nhầm. Không phải mất sổ hay muốn đổi sổ đâu. Giờ sửa lại thì làm gì?',
        'sổ hồng không phải bị mất hay cần đổi mới gì, chỉ là ghi sai tên đệm của chồng, giờ sửa sao',
      ],
    ],
    [
      'a street tree one wants "chặt hoặc dời" after a long story of its damage is the permit to fell or move it',
      '1.002693',
      [
        'Trước cửa nhà tôi có cây sấu rất to do xã trồng từ lâu, rễ làm vỡ nền sân và ống nước, mưa bão cành gãy rơi xuống mái nhà. Tôi báo thôn mấy lần rồi mà chưa ai xử lý. Giờ tôi muốn tự thuê người chặt hoặc dời cây đó thì phải xin phép ai, thủ tục thế nào?',
      ],
    ],
    [
      'a family farming clams or oysters at sea ("nuôi ngao", "nuôi hàu") asks the sea area recognised for an individual\'s aquaculture',
      '3.000443',
      ['nha minh nuoi ngao ngoai bai bien may nam nay roi, gio muon xin nha nuoc cong nhan khu vuc bien dang nuoi thi can giay to gi'],
    ],
    [
      '"tăng vốn" of a project that has its investment certificate asks its adjustment, not a first certificate',
      '1.009647',
      ['doanh nghiệp FDI của tôi đã có giấy chứng nhận đăng ký đầu tư, nay muốn tăng vốn và kéo dài tiến độ dự án thì làm thủ tục gì'],
    ],
    [
      'a banknote a dog chewed, washed to pieces or torn at a corner is money unfit to circulate, exchanged',
      '2.001077',
      ['tiền 200 nghìn bị chó cắn rách mất một góc, ra ngân hàng đổi được không', 'to 500 bi giat nat ca roi doi o dau'],
    ],
    [
      '"chứ chưa hết hạn" denies the expiry: a certificate burnt while still valid is the one reissued after damage',
      '1.012907',
      [
        'chứng chỉ môi giới bất động sản của em bị cháy lúc nhà chập điện chứ chưa hết hạn, xin cấp lại nộp ở đâu',
        'chung chi moi gioi bds bi chay chu chua het han, cap lai o dau',
      ],
    ],
    [
      'a flat in a social-housing project a private company sells is bought from its investor, not confirmed at the commune',
      '1.115150',
      ['hai vợ chồng làm công nhân, đang ở trọ, thấy có công ty tư nhân xây nhà ở xã hội đang mở bán, muốn mua một căn thì nộp hồ sơ cho ai'],
    ],
    [
      'a licence issued years ago that runs out ("sắp hết hạn") is renewed, not issued anew',
      '1.014779',
      ['cửa hàng tôi được cấp giấy chứng nhận đủ điều kiện buôn bán thuốc thú y từ 2020, nay sắp hết hạn, làm thủ tục gì'],
    ],
    [
      'a driving licence that runs out is exchanged, not issued anew',
      '3.000347',
      ['Bằng lái B2 cấp năm 2016 của em sắp hết hạn, em muốn làm lại bằng mới thì sao'],
    ],
    [
      "a fishing boat's registration soaked and torn is reissued for the boat, not for a household business",
      '1.003634',
      ['Tàu cá đăng ký lâu rồi, bão vừa qua giấy chứng nhận đăng ký tàu bị nước ngấm rách nát, xin cấp lại cần gì?'],
    ],
    [
      'a real-estate exchange that moved and changed its manager has its licence reissued, not a transport licence',
      '1.012902',
      [
        'Không phải xin giấy phép sàn mới, sàn bất động sản công ty tôi có giấy phép rồi, giờ đổi địa chỉ sàn và người quản lý nên xin cấp lại, hồ sơ gồm gì?',
      ],
    ],
    [
      'a fintech trial about to end is extended, not a temporary residence',
      '1.013692',
      ['giải pháp công nghệ tài chính của công ty đang thử nghiệm sắp hết thời gian, muốn kéo dài thời gian thử nghiệm thì nộp gì'],
    ],
    [
      "a person turning planted forest to another use: the individual's forest record, not land allocation",
      '1.012694',
      ['Tôi có 3 ha rừng trồng được giao lâu rồi, giờ muốn chuyển một phần sang nuôi bò. Xin chuyển mục đích sử dụng rừng nộp ở đâu?'],
    ],
    [
      'a small well of a few cubic metres a day is registered at the commune, not licensed',
      '1.001662',
      ['nhà em khoan giếng lấy nước tưới rau chừng 5 khối mỗi ngày, có phải đăng ký với xã không'],
    ],
    [
      'a barge bought from another province is registered again where its new owner lives',
      '1.003970',
      ['mua sà lan của người ở tỉnh khác, giờ muốn đăng ký sang tên về tỉnh mình thì cần gì'],
    ],
    [
      'a border pass to Laos asked by someone living by the border, who has no passport: the pass, not a passport',
      '1.012680',
      ['nha em o sat bien gioi Lao, ko co ho chieu, nghe noi lam giay thong hanh o cong an xa duoc, can mang gi'],
    ],
    [
      'a member of a village security team killed on patrol: the allowance for those killed on duty, not joining the team',
      '1.012538',
      [
        'Bố tôi là tổ viên tổ bảo vệ an ninh trật tự của xóm, tháng trước đi tuần đêm thì bị tai nạn giao thông, mất luôn. Bố làm ruộng, không có bảo hiểm gì. Nhà tôi có được hỗ trợ không, cần làm hồ sơ gì?',
      ],
    ],
    [
      '"Công bố lại …" is done again: a first announcement of a home-based addiction service is the first one',
      '3.000524',
      [
        'minh la bac si, muon tu dung ra cung cap dich vu cai nghien ma tuy tu nguyen tai gia dinh, cong dong voi tu cach ca nhan, khong mo co so, can dieu kien gi',
      ],
    ],
    [
      'a complaint against the provincial police is settled at the province, not at the commune police',
      '1.003504',
      ['tôi bị cảnh sát giao thông công an tỉnh tạm giữ xe sai, làm đơn khiếu nại lên công an tỉnh thì bao lâu có kết quả'],
    ],
    [
      'a certificate the land office typed wrong after a sale is corrected, not transferred again nor a civil-status change',
      '1.012790',
      [
        'Tôi mua đất năm 2023, sang tên xong rồi. Lúc mang sổ đi vay ngân hàng mới thấy sổ ghi sai năm sinh của tôi, do bên đăng ký đất đai nhập nhầm chứ tôi không đổi gì. Sửa lại thì cần giấy gì?',
      ],
    ],
    [
      'a new credit fund asking a bank code to join the payment system: the code, not founding the fund',
      '2.000630',
      ['Quỹ tín dụng nhân dân của xã tôi vừa thành lập xong, giờ cần cấp mã ngân hàng để vào hệ thống thanh toán, nộp văn bản gì?'],
    ],
    [
      '"cái mới" for a paper that is not lost but expired asks it issued again, not a first one',
      '1.012910',
      ['chứng chỉ môi giới nhà đất của tôi vẫn còn, không mất, nhưng hết hạn rồi, xin cái mới cần giấy gì'],
    ],
    [
      'a registered household business selling more goods changes its registration; it is not founded again',
      '2.000720',
      ['quán cà phê nhà tôi có đăng ký hộ kinh doanh, giờ muốn bán thêm đồ ăn sáng thì làm thủ tục gì'],
    ],
    [
      'someone selling only online who wants to sell at the market too registers a household business first',
      '1.001612',
      ['mình bán hàng online, giờ muốn bán thêm ở chợ có phải đăng ký kinh doanh không'],
    ],
    [
      'cutting a plot into two certificates is a split of the plot',
      '1.012784',
      ['ba má tôi muốn cắt mảnh vườn ra làm hai sổ cho hai đứa con, làm thủ tục gì', 'cat bot dat ra 1 so rieng de ban thi lam sao'],
    ],
    [
      'a house nobody inherits, its owner dead without kin: the state takes it into public ownership',
      '3.000410',
      ['bà dì tôi mất, không chồng con, không ai thừa kế căn nhà, giờ căn nhà đó ai quản lý'],
    ],
    [
      'money paid twice given back ("xin trả lại tiền nộp thừa") is a refund of what was overpaid, never the end of anything',
      '1.008565',
      ['doanh nghiệp mình lỡ nộp hai lần tiền thuế môn bài năm nay, muốn xin trả lại số tiền nộp thừa thì làm sao'],
    ],
    [
      'seafood brought home in a suitcase ("trong vali", "xách tay") is carried on the person, not trucked to another province',
      '2.001544',
      ['tôi muốn xách tay mấy hộp cua tuyết đông lạnh từ Hàn về nước trong vali, có phải kiểm dịch không'],
    ],
    [
      'building more than the permit allows ("cao thêm một tầng so với giấy phép") amends the permit, it is no new one',
      '1.013226',
      ['nhà tôi được cấp phép xây 2 tầng, giờ muốn xây cao thêm một tầng so với giấy phép thì làm sao'],
    ],
    [
      'a vessel sunk beyond salvage ("không trục vớt được") is struck off the register; a salvage plan is for raising one',
      '2.001659',
      [
        'ghe chở hàng của tôi bị đắm ở cửa sông, không trục vớt được nữa, giờ muốn gạch tên nó trong sổ đăng ký thì nộp gì',
        'chiếc ghe chở lúa của tôi bị chìm hồi bão, trục vớt không nổi. Tôi muốn bỏ tên nó khỏi sổ đăng ký thì cần gì',
      ],
    ],
    [
      'a story that ends "muốn đăng ký thì cần gì" wants what it told of; "đăng ký" opens hundreds of names and picks none of them',
      '1.007765',
      [
        'Mình là sinh viên năm hai ở Đà Lạt, đang ở trọ với bạn nhưng tiền phòng tăng hoài. Thấy thông báo khu nhà ở sinh viên của nhà nước đang cho thuê. Mình muốn đăng ký thì cần làm đơn gì?',
      ],
    ],
    [
      '"chưa tới lúc gia hạn" denies the renewal, as "không phải gia hạn" does: the certificate made again is the reissue',
      '1.005319',
      ['Chứng chỉ hành nghề thú y của tôi bị rách, chưa tới lúc gia hạn đâu, muốn xin lại thì nộp gì'],
    ],
    [
      'getting Vietnamese nationality back after coming home to live is the procedure in the country',
      '2.002038',
      [
        'Bà cô tôi lấy chồng Pháp rồi thôi quốc tịch Việt Nam từ năm 1995, nay về nước sống với con cháu ở Huế, muốn xin trở lại quốc tịch Việt Nam thì hồ sơ gồm những gì?',
      ],
    ],
    [
      'a term shared in part is no match: "lái máy bay" is no driving licence',
      '1.004289',
      ['Con tôi học trường hàng không sắp ra trường, thi lấy giấy phép lái máy bay thì lệ phí bao nhiêu?'],
    ],
    [
      'a term shared in part is no match: "tàu biển" is no fishing boat',
      '1.002582',
      ['Tàu hàng công ty tôi đăng ký tàu biển ở Hải Phòng, giấy chứng nhận đăng ký bị cháy trong phòng máy, giờ xin lại thì nộp đâu?'],
    ],
    [
      '"chỉ được mức 1" is the account one has; raising it to level 2 is asked',
      '3.000228',
      ['Tài khoản định danh của tôi tự đăng ký trên điện thoại nên chỉ được mức 1, giờ muốn nâng lên mức 2 thì đi đâu làm?'],
    ],
    [
      '"gỡ tên" a lodger who left is taking their temporary residence off, not registering it',
      '1.010028',
      [
        'Phòng trọ nhà tôi có một chị khai tạm trú, chị ấy chuyển đi từ tháng trước mà không báo. Tôi muốn gỡ tên chị ấy ra khỏi phòng trọ thì làm sao?',
      ],
    ],
    [
      '"phải xin Ủy ban tỉnh" in a story picks the record the province decides over the one it hands to the commune',
      '2.001796',
      [
        'Gia đình tôi muốn làm dịch vụ du lịch cho khách chèo thuyền, tắm hồ trong lòng hồ chứa nước lớn của huyện. Cán bộ xã bảo hồ là công trình thủy lợi, xã không có quyền cho mà phải lên Ủy ban tỉnh xin phép. Hồ sơ gồm những gì?',
      ],
    ],
  ])('%s', async (_why, code, texts) => {
    await expectRecord(code, texts);
  });

  it("a foreigner in Việt Nam on a tourist visa who wants to stay longer extends the stay; a visa to go abroad is the embassy's door", async () => {
    for (const text of [
      'Bạn tôi người Mỹ sang đây bằng visa du lịch, giờ muốn xin ở lại thêm 1 tháng thì làm sao',
      'ông anh rể người Đức vào Việt Nam bằng thị thực du lịch, nay xin ở thêm một tháng thì làm ở đâu',
      'khách tây thuê nhà tôi, visa du lịch sắp hết, muốn ở lại thêm thì làm ở đâu',
    ]) {
      expect(['1.001146', '1.003326']).toContain((await ask(text)).procedure?.code);
    }
    expect((await ask('mẹ tôi muốn xin visa du lịch sang Úc thăm con')).intent).toBe('out_of_scope');
  });

  it('exploring for ground water ("xin phép thăm dò nước ngầm") is no permit to exploit it', async () => {
    const answer = await ask('trang trại nhà tôi định khoan giếng khoảng 300 khối một ngày đêm, xin phép thăm dò nước ngầm cần hồ sơ gì');
    const offered = answer.procedure ? [answer.procedure.code] : (answer.candidates ?? []).map((c) => c.code);
    expect(offered.length).toBeGreaterThan(0);
    for (const code of offered) expect(['1.004232', '1.004228']).toContain(code);
  });

  it('animals raised ("nuôi 50 con gà", "nuôi 3 con bò") are livestock, never a child to adopt', async () => {
    for (const text of ['nhà nuôi 50 con gà thì có phải đăng ký gì không', 'tôi nuôi 3 con bò, muốn xin giấy kiểm dịch để bán']) {
      const answer = await ask(text);
      expect(answer.procedure?.code).not.toBe('2.001263');
      expect(answer.candidates?.map((c) => c.code) ?? []).not.toContain('2.001263');
    }
    const quarantine = await ask('tôi nuôi 3 con bò, chở ra khỏi tỉnh bán cần giấy kiểm dịch gì');
    expect(quarantine.procedure?.code).toBe('1.002338');
  });

  it('a denial ends with its sentence: "không phải bằng lái. Cà vẹt … làm lại sao" asks of the registration, not the licence', async () => {
    const answer = await ask('mình hỏi cái khác, không phải bằng lái. Cà vẹt xe máy bị mất thì làm lại sao');
    expect(['1.013080', '1.013082']).toContain(answer.procedure?.code);
    expect(answer.intent).toBe('steps');
    expect(answer.candidates?.map((c) => c.code)).not.toContain('3.000348');
  });

  // Two turns: the first sets the procedure discussed, the second is read with it.
  it.each([
    [
      "what a follow-up denies at its end stays in it: the discussed record's name read with it keeps its own action",
      ['mất thẻ bảo hiểm y tế rồi, xin cấp lại', 'em là chiến sĩ nghĩa vụ công an, thẻ bhyt do đơn vị công an cấp chứ không phải mua ngoài'],
      '1.001294',
      undefined,
    ],
    [
      '"ngân hàng nào cũng được hay phải lên …" asks where, after the torn banknote; no loan door',
      ['tiền 200 nghìn bị chó cắn rách mất một góc, ra ngân hàng đổi được không', 'đổi ở ngân hàng nào cũng được hay phải lên ngân hàng nhà nước'],
      '2.001077',
      'where',
    ],
    [
      '"không phải xây mới, chỉ sửa lại mặt tiền" after a new house: the repair permit; a façade redone changes no permit',
      [
        'muốn xây nhà mới 2 tầng trên đất ở thì xin giấy phép gì',
        'không phải xây mới đâu, chỉ sửa lại mặt tiền với làm thêm 1 tầng cho căn nhà cũ, hồ sơ gồm gì',
      ],
      '1.013229',
      'documents',
    ],
    [
      '"phường nơi tôi đăng ký thường trú" tells where, asked where: the procedure discussed stays',
      [
        'xin giấy xác nhận tình trạng hôn nhân để kết hôn với người Hàn thì làm sao',
        'làm ở phường nơi tôi đăng ký thường trú hay phường nào cũng được',
      ],
      '1.004873',
      'where',
    ],
    [
      '"nơi con đang tạm trú" tells where with words between, asked where: the procedure discussed stays',
      ['làm lại giấy khai sinh cho con bị mất bản chính thì thủ tục sao', 'làm ở phường nơi con tôi đang tạm trú được không'],
      '1.004884',
      'where',
    ],
    [
      'a where-question that names nothing while a procedure is discussed is about it, though it tells a move ("ở trọ", "về quê")',
      [
        'cần giấy xác nhận tình trạng hôn nhân để đi làm thủ tục vay ngân hàng thì mang gì',
        'em đang ở trọ trên thành phố, nộp ở đây được không hay phải về quê',
      ],
      '1.004873',
      'where',
    ],
    [
      '"làm tiếp thủ tục gì" after the split of a plot asks for the next procedure: the transfer, read with the split',
      ['Tôi muốn chia mảnh đất 200m2 ra làm hai thửa riêng thì làm thế nào', 'tách xong thì sang tên thửa mới cho con gái, phải làm tiếp thủ tục gì'],
      '1.013831',
      'overview',
    ],
    [
      'a follow-up misread as small talk asks what its words ask: "có mẫu sẵn không", "tự viết được không" ask for the form',
      [
        'bố tôi đang nhận lương hưu mà ốm nặng không đi lĩnh được, làm giấy ủy quyền cho con lĩnh thay thế nào',
        'cái giấy ủy quyền có mẫu sẵn không hay tôi tự viết ạ?',
      ],
      '1.001601',
      'forms',
    ],
    [
      'whether a place told by what was done there will do ("ở xã nơi em thường trú được không") asks where, of the procedure discussed',
      ['chồng sắp cưới của em là người Đài Loan, đăng ký kết hôn cần những gì', 'nộp ở xã nơi em đang thường trú được không ạ'],
      '2.000806',
      'where',
    ],
    [
      '"có phải đi khám sức khỏe không" while a procedure is discussed asks whether it needs one, not where to get a health check',
      ['bằng lái ô tô của tôi bị mất hôm đi chợ, giờ làm lại thế nào', 'có phải đi khám sức khỏe lại không'],
      '3.000348',
      'requirements',
    ],
    [
      'the paper the procedure discussed gives ("mấy ngày thì có trích lục") asks about that procedure, not the copy of an extract',
      ['bà ngoại em mất tối qua tại nhà, đi khai tử cần mang gì', 'khoảng mấy ngày thì có trích lục vậy'],
      '1.000656',
      'duration',
    ],
    [
      'a question that points back ("phí làm lại cho trường hợp này") asks of the procedure discussed: its "làm lại" names no sibling',
      ['thẻ căn cước của mình bị cong vênh, chip hỏng, giờ làm thẻ mới cần mang gì', 'phí làm lại cho trường hợp này là bao nhiêu'],
      '1.014063',
      'fees',
    ],
    [
      'what the paper discussed is for ("… để đăng ký thường trú") is the next procedure, not that paper: asked next, it is answered',
      [
        'nhà mình ở thuê, công an bảo muốn nhập hộ khẩu vào nhà thuê phải có xác nhận diện tích nhà ở bình quân, xin xác nhận đó ở đâu',
        'có giấy xác nhận rồi thì nhập hộ khẩu cho cả nhà làm ở đâu',
      ],
      '1.004222',
      'where',
    ],
    [
      "whether a loss must be announced, asked of the land certificate's reissue, is a step of that reissue, not a passport's loss report",
      ['sổ đỏ nhà tôi bị cháy mất trong vụ hỏa hoạn, xin cấp lại thế nào', 'có phải đăng thông báo mất trên báo không'],
      '1.012786',
      undefined,
    ],
    [
      'how often one files ("khai theo quý hay theo năm"), asked of the procedure discussed, is a rule of it, not its form',
      ['cho thuê căn nhà mặt phố 20 triệu một tháng thì tự khai thuế ở đâu', 'khai theo quý hay theo năm'],
      '1.007689',
      'requirements',
    ],
    [
      'whether to hand the file to the employer or straight to the insurance office asks where, of the benefit discussed',
      ['em làm công ty được 3 năm, sắp sinh con, hưởng thai sản cần giấy tờ gì', 'hồ sơ em nộp cho công ty hay nộp thẳng cho bảo hiểm xã hội ạ'],
      '2.000693',
      'where',
    ],
    [
      'pointing back while telling who it is about ("trường hợp này là chồng người Hàn") corrects the topic to the sibling for foreigners',
      ['đăng ký kết hôn cần giấy tờ gì', 'trường hợp của em là chồng người Hàn Quốc thì sao'],
      '2.000806',
      undefined,
    ],
  ] as const)('%s', async (why, [first, second], code, intent) => {
    const session = `nat:two:${why}`;
    await ask(first, session);
    const answer = await ask(second, session);
    expect(answer.procedure?.code).toBe(code);
    if (intent) expect(answer.intent).toBe(intent);
  });
});
