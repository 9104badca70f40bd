import { afterEach, describe, expect, it } from 'vitest';
import { createDossierRegistry } from '../../src/dossier/registry.js';
import { dossierRecordSchema, type DossierRecordInput } from '../../src/dossier/schema.js';
import type { DossierSource } from '../../src/dossier/source.js';
import { createUpstreamSource } from '../../src/dossier/upstream.js';
import { repositoriesOf } from '../../src/store/index.js';
import { makeRecord, openTestDb, sendJson, silentLogger, startStandIn, tempDir } from './helpers.js';

/** One behaviour suite, run against every dossier backend (upstream connector and reference registry). */
interface Backend {
  name: string;
  make(records: DossierRecordInput[]): Promise<{ source: DossierSource; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'reference registry (SQLite)',
    async make(records) {
      const { dir, cleanup } = tempDir();
      const db = openTestDb(dir);
      const registry = createDossierRegistry(repositoriesOf(db), { seedFile: null });
      for (const record of records) await registry.put(record);
      return { source: registry, close: async () => (db.close(), cleanup()) };
    },
  },
  {
    name: 'upstream connector (HTTP stand-in)',
    async make(records) {
      const byCode = new Map(records.map((r) => [r.MaHoSo, r]));
      const standIn = await startStandIn((req, res) => {
        const code = decodeURIComponent(req.url!.replace('/api/dossiers/', ''));
        const record = byCode.get(code);
        if (record) sendJson(res, 200, record);
        else sendJson(res, 404, { error: 'not found' });
      });
      const source = createUpstreamSource({ baseUrl: `${standIn.url}/api/`, token: 't', timeoutMs: 2000, logger: silentLogger });
      return { source, close: standIn.close };
    },
  },
];

describe.each(backends)('dossier source contract: $name', (backend) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  const records = [
    makeRecord(),
    makeRecord({
      MaHoSo: '38.98.H29-210519-0003',
      TrangThaiHoSo: '5',
      DanhSachHoSoBoSung: [
        {
          NoiDungBoSung: 'Thiếu giấy tờ',
          DanhSachGiayToBoSung: 'Bản sao sổ hộ khẩu',
          NgayBoSung: '20210520090000',
          NgayHenTraTruoc: '',
          NgayHenTraMoi: '20210601170000',
        },
      ],
    }),
    makeRecord({ MaHoSo: 'H15.50.05.13-261008-0975', TrangThaiHoSo: '10', NgayKetThucXuLy: '20261009100000', NgayTra: '20261010100000' }),
  ];

  it('returns each known record, validated and unchanged', async () => {
    const made = await backend.make(records);
    close = made.close;
    for (const input of records) {
      const record = await made.source.get(input.MaHoSo);
      expect(record).toEqual(dossierRecordSchema.parse(input));
    }
  });

  it('returns null for an unknown code', async () => {
    const made = await backend.make(records);
    close = made.close;
    expect(await made.source.get('000.00.12.H56-261020-9999')).toBeNull();
  });

  it('keeps fields outside the contract for the staff view', async () => {
    const made = await backend.make(records);
    close = made.close;
    const record = await made.source.get(records[0].MaHoSo);
    expect(record).toMatchObject({ SoGiayTo: '001203004567', DiaChi: expect.any(String) });
  });
});
