import { z } from 'zod';

/**
 * The dossier record of interface spec §5, as one-stop systems sync it to the national portal.
 * Anything that does not fit is treated as "unavailable", never shown as data. Unknown fields are
 * kept (the staff view shows the full record) but never reach the public view, which is built
 * from named fields only.
 */

export const statusCodes = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] as const;
export type StatusCode = (typeof statusCodes)[number];
/** Statuses after which nothing more happens to the dossier: polling stops. */
export const finalStatuses: ReadonlySet<StatusCode> = new Set(['3', '7', '8', '10']);

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
/** Vietnam has had no daylight saving time since 1975: Asia/Ho_Chi_Minh is UTC+7 throughout. */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** Epoch milliseconds of a `yyyyMMddHHmmss` Asia/Ho_Chi_Minh timestamp; NaN when invalid or empty. */
export function parseTimestamp(value: string): number {
  const m = TIMESTAMP.exec(value);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  const valid = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return valid ? utc - VIETNAM_OFFSET_MS : Number.NaN;
}

/** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh for an epoch time. */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** Empty, null and absent all mean "no date yet". */
const timestamp = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v === '' || !Number.isNaN(parseTimestamp(v)), 'expected yyyyMMddHHmmss');
const text = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => v ?? '');
/** Some systems send numbers where the contract says strings; the value is what matters. */
const numericText = z.union([z.string(), z.number()]).transform(String);

export const feeSchema = z.looseObject({
  TenPhiLePhi: text,
  MaPhiLePhi: text,
  Gia: numericText.optional().transform((v) => v ?? ''),
});

export const supplementSchema = z.looseObject({
  NgayBoSung: timestamp,
  NoiDungBoSung: text,
  DanhSachGiayToBoSung: text,
  NgayHenTraTruoc: timestamp,
  NgayHenTraMoi: timestamp,
});

export const dossierRecordSchema = z.looseObject({
  MaHoSo: z.string().trim().min(1),
  MaTTHC: text,
  TenTTHC: text,
  ChuHoSo: text,
  SoDienThoai: text,
  Email: text,
  DonViXuLy: text,
  /** 0: result handed over at the one-stop desk, 1: sent by post. */
  HinhThuc: numericText.optional().transform((v) => v ?? '0'),
  NgayTiepNhan: timestamp,
  NgayHenTra: timestamp,
  NgayKetThucXuLy: timestamp,
  NgayTra: timestamp,
  TrangThaiHoSo: numericText.pipe(z.enum(statusCodes)),
  /** Free-text note; for statuses 3 and 8 systems put the reason here. */
  GhiChu: text,
  DanhSachLePhi: z
    .array(feeSchema)
    .nullish()
    .transform((v) => v ?? []),
  DanhSachHoSoBoSung: z
    .array(supplementSchema)
    .nullish()
    .transform((v) => v ?? []),
});

export type DossierRecord = z.infer<typeof dossierRecordSchema>;
/** What a record looks like before validation (a file, an upstream answer). */
export type DossierRecordInput = z.input<typeof dossierRecordSchema>;

/** The latest re-scheduled due date (NgayHenTraMoi) in the record, or ''. */
export function latestNewDueDate(record: DossierRecord): string {
  const dates = record.DanhSachHoSoBoSung.map((s) => s.NgayHenTraMoi).filter((d) => d !== '');
  return dates.sort().at(-1) ?? '';
}
