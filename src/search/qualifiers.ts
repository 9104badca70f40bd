import { type SearchLexicon, saysAny } from './phrases.js';

/**
 * Qualifiers that pick a variant beyond what words match: an age ("con 15 tuổi") against
 * names that set an age bound ("dưới 14 tuổi", "từ đủ 14 tuổi trở lên"), how many people
 * found a company ("3 anh em góp vốn", "một mình làm chủ") against "một thành viên" / "hai
 * thành viên trở lên", the kind of company named (TNHH, cổ phần…) against the other kinds, a
 * building's grade against the permits for each grade, which of the procedures some records join
 * into one the question asks for (`parts`), what the story tells of the civil status register
 * (`registers`), and the channel it will file by among a procedure's channel copies (`channelVariants`).
 */
const agePattern = /\b(\d{1,3}) tuoi\b/;
const below = /\bduoi (\d{1,3}) tuoi\b/;
const atLeast = /\b(?:tu )?du (\d{1,3}) tuoi(?: tro len)?\b/;

const peopleCount = /\b([2-9]|10|hai|ba|bon|bay|tam|chin|muoi|vai|may) (?:nguoi|anh em|chi em|thanh vien|ban|co dong)\b/;
const counts: Record<string, number> = { hai: 2, ba: 3, bon: 4, bay: 7, tam: 8, chin: 9, muoi: 10 };
const twoPeople = /\bvoi (?:1 |mot )?(?:nguoi )?ban\b/;
const severalPeople = /\b(?:moi nguoi gop|hun von|chung von)\b/;
const onePerson = /\b(?:mot minh|1 minh|mot chu|mot nguoi (?:gop|lam chu|dung ten)|chi minh toi)\b/;
const oneMember = /\bmot thanh vien\b/;
const privateEnterprise = /\bdoanh nghiep tu nhan\b/;
const severalMembers = /\bhai thanh vien tro len\b/;
/** A joint-stock company has at least three shareholders. */
const jointStock = /\bcong ty co phan\b/;
const jointStockMinimum = 3;
/** Kinds of company a question may name: a name of another kind is another procedure. */
const companyKinds = [
  /\b(?:cong ty|cty) (?:trach nhiem huu han|tnhh)\b/,
  /\b(?:cong ty|cty) co phan\b/,
  /\b(?:cong ty|cty) hop danh\b/,
  /\bdoanh nghiep tu nhan\b/,
];

/**
 * A building's grade: names set apart works of grade III–IV from those of grade I–II and special. A grade said
 * ("công trình cấp I", "cấp 2") decides, else the floors ("khách sạn 18 tầng": eight or more is grade II or higher).
 */
const gradeSaid = /\bcap (dac biet|i|ii|iii|iv|1|2|3|4)\b/;
const floorsSaid = /\b(\d{1,3}) tang\b/;
const highGrades = new Set(['dac biet', 'i', 'ii', '1', '2']);
const highGradeFloors = 8;
const highGradeName = /\bcap dac biet cap i cap ii\b/;
const lowGradeName = /\bcap iii cap iv\b/;

/**
 * A water works' daily volume: the permits for ground water set apart works below 5,000 m³ a day from larger ones. The
 * story's volume ("giếng 300 khối một ngày đêm", "2.000 m3/ngày") decides.
 */
const volumeSaid = /\b(\d{1,3}(?: \d{3})*|\d+)( nghin| ngan)? (?:khoi|m3|met khoi)\b/;
const volumeLimit = 5000;
const belowLimitName = /\bduoi 5 000 ?m3\b/;
const fromLimitName = /\btu 5 000 ?m3\b/;

/** How much a variant that fits (or does not) the qualifier gains (or loses). */
const fits = 1.1;
const misfits = 0.85;
/** A grade said outright ("công trình cấp II") all but rules out the permits for the other grades; floors only lean. */
const saidGradeMisfits = 0.7;

/** `story`: the whole message a sentence of it was taken from; the building it tells of is the one every sentence asks about. */
export function applyQualifiers<T extends { score: number; doc: number }>(
  hits: T[],
  foldedText: string,
  foldedNameOf: (doc: number) => string,
  story = foldedText,
): T[] {
  const byBuilding = byGrade(
    byKind(byMembers(byAge(hits, foldedText, foldedNameOf), foldedText, foldedNameOf), foldedText, foldedNameOf),
    story,
    foldedNameOf,
  );
  return byVolume(byBuilding, story, foldedNameOf);
}

/** "khoan giếng 300 khối một ngày": the permits for works below 5,000 m³ a day before those for larger ones, and the other way round. */
function byVolume<T extends { score: number; doc: number }>(hits: T[], story: string, foldedNameOf: (doc: number) => string): T[] {
  const said = volumeSaid.exec(story);
  if (!said) return hits;
  const volume = Number(said[1].replaceAll(' ', '')) * (said[2] ? 1000 : 1);
  const below = volume < volumeLimit;
  return hits.map((hit) => {
    const name = foldedNameOf(hit.doc);
    const forBelow = belowLimitName.test(name);
    if (!forBelow && !fromLimitName.test(name)) return hit;
    return { ...hit, score: hit.score * (forBelow === below ? fits : misfits) };
  });
}

/**
 * Words that deny what follows them ("không rành làm trên mạng": the channel not taken; "chưa đăng ký thường trú"),
 * and words that put off what comes before them ("hộ khẩu thì để sau").
 */
const denials = ['khong', 'ko', 'k', 'chua'];
const deferrals = [' de sau ', ' tinh sau ', ' lam sau ', ' chua can ', ' chua nhap '];
/** "không muốn khai sinh kiểu để trống tên bố": a denial this many words before a part's `done` phrase takes it back. */
const doneReach = 5;

/**
 * Records that join procedures into one ("đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con";
 * "liên thông … khai sinh, thường trú, thẻ bảo hiểm y tế") against those that do one of them: a
 * question that asks two of them ("làm khai sinh có tên bố luôn") fits the record that does exactly
 * those, and one that asks one fits no joined record.
 */
export class JoinedParts {
  private readonly ask: Array<{ part: string; phrases: string[]; notAfter: string[]; done: string[]; deniable: boolean }>;
  private readonly partsOfDoc: ReadonlyArray<readonly string[]>;

  constructor(
    parts: Readonly<Record<string, { name: string[]; ask: string[]; notAfter: string[]; done: string[]; deniable: boolean }>>,
    foldedNames: readonly string[],
  ) {
    const entries = Object.entries(parts);
    this.ask = entries.map(([part, { ask, notAfter, done, deniable }]) => ({
      part,
      phrases: ask.map((p) => ` ${p} `),
      notAfter,
      done: done.map((p) => ` ${p} `),
      deniable,
    }));
    this.partsOfDoc = foldedNames.map((name) => entries.filter(([, { name: phrases }]) => saysAny(name, phrases)).map(([part]) => part));
  }

  /** `foldedText` whole, denials included: "chưa đăng ký kết hôn" tells that the father must be recognised. */
  qualify<T extends { score: number; doc: number }>(hits: T[], foldedText: string): T[] {
    const text = ` ${foldedText} `;
    const said = (p: string, notAfter: readonly string[], deniable: boolean) =>
      saidAsAsked(text, p, notAfter, 2) && (!deniable || saidAsAsked(text, p, denials, 3, deferrals));
    const asked = this.ask
      .filter(
        ({ phrases, notAfter, done, deniable }) =>
          phrases.some((p) => said(p, notAfter, deniable)) && !done.some((p) => saidAsAsked(text, p, denials, doneReach)),
      )
      .map(({ part }) => part);
    if (asked.length === 0) return hits;
    return hits.map((hit) => {
      const has = this.partsOfDoc[hit.doc];
      if (has.length === 0) return hit;
      // A record lacking a part asked, or joining parts to those asked, is another procedure.
      if (asked.some((part) => !has.includes(part)) || has.length > asked.length) return { ...hit, score: hit.score * misfits };
      return asked.length > 1 ? { ...hit, score: hit.score * fits } : hit;
    });
  }
}

/** How many people a question says found the company: a number, 2+ (NaN: "several"), 1, or null when it does not say. */
function memberCount(foldedText: string): number | null {
  const counted = peopleCount.exec(foldedText);
  if (counted) return counts[counted[1]] ?? (Number(counted[1]) || Number.NaN);
  if (twoPeople.test(foldedText)) return 2;
  if (severalPeople.test(foldedText)) return Number.NaN;
  return onePerson.test(foldedText) ? 1 : null;
}

function byAge<T extends { score: number; doc: number }>(hits: T[], foldedText: string, foldedNameOf: (doc: number) => string): T[] {
  const age = agePattern.exec(foldedText);
  if (!age || below.test(foldedText) || atLeast.test(foldedText)) return hits;
  const years = Number(age[1]);
  return hits.map((hit) => {
    const name = foldedNameOf(hit.doc);
    const under = below.exec(name);
    const over = atLeast.exec(name);
    if (!under && !over) return hit;
    const ok = (under ? years < Number(under[1]) : true) && (over ? years >= Number(over[1]) : true);
    return { ...hit, score: hit.score * (ok ? fits : misfits) };
  });
}

function byMembers<T extends { score: number; doc: number }>(hits: T[], foldedText: string, foldedNameOf: (doc: number) => string): T[] {
  const count = memberCount(foldedText);
  if (count === null) return hits;
  const several = count !== 1;
  return hits.map((hit) => {
    const name = foldedNameOf(hit.doc);
    if (count < jointStockMinimum && jointStock.test(name)) return { ...hit, score: hit.score * misfits };
    // A private enterprise has one owner by law, as a one-member company has: "một mình làm chủ" fits both.
    const forOne = oneMember.test(name) || privateEnterprise.test(name);
    const forSeveral = severalMembers.test(name);
    // A name with both ("chuyển đổi … một thành viên thành … hai thành viên trở lên") is about the change, not a count.
    if (forOne === forSeveral) return hit;
    return { ...hit, score: hit.score * ((several ? forSeveral : forOne) ? fits : misfits) };
  });
}

/** A kind of company denied just before it ("không lập công ty TNHH", "không phải công ty cổ phần") is not asked for. */
const kindDenied = /\b(?:khong|ko|k|chang)(?: \S+){0,2} $/;

function saysKind(kind: RegExp, foldedText: string): boolean {
  return [...foldedText.matchAll(new RegExp(kind.source, 'g'))].some((m) => !kindDenied.test(foldedText.slice(0, m.index)));
}

/** "mở công ty trách nhiệm hữu hạn": a name of one other kind of company (cổ phần, hợp danh…) is another procedure. */
function byKind<T extends { score: number; doc: number }>(hits: T[], foldedText: string, foldedNameOf: (doc: number) => string): T[] {
  const asked = companyKinds.filter((kind) => saysKind(kind, foldedText));
  if (asked.length !== 1) return hits;
  return hits.map((hit) => {
    const named = companyKinds.filter((kind) => kind.test(foldedNameOf(hit.doc)));
    return named.length === 1 && named[0] !== asked[0] ? { ...hit, score: hit.score * misfits } : hit;
  });
}

/** Do the tokens say one of `words` within `window` words after one of `register`? */
function saysAfter(tokens: readonly string[], register: readonly string[], words: readonly string[], window: number): boolean {
  return tokens.some((_, at) =>
    register.some((r) => {
      const phrase = r.split(' ');
      if (!phrase.every((w, k) => tokens[at + k] === w)) return false;
      const end = at + phrase.length;
      return saysAny(tokens.slice(end, end + window).join(' '), words);
    }),
  );
}

/** The law decides by the register alone (a copy needs the entry, a registration again its loss): it weighs more than a qualifier. */
const registerFits = 1.2;
const registerMisfits = 0.8;

/**
 * A copy from the civil status register, or the registration made again: which one depends on whether the register
 * still holds the entry ("ở xã vẫn còn lưu sổ" → the copy; "sổ lưu cũng mất" → the registration again).
 */
export class RegisterState {
  private readonly kindOfDoc: ReadonlyArray<'copy' | 'again' | undefined>;
  private last: { text: string; fitting: 'copy' | 'again' | undefined } | undefined;

  constructor(
    private readonly lexicon: NonNullable<SearchLexicon['registers']> | undefined,
    foldedNames: readonly string[],
  ) {
    this.kindOfDoc = foldedNames.map((name) =>
      !lexicon ? undefined : saysAny(name, lexicon.copyName) ? 'copy' : saysAny(name, lexicon.againName) ? 'again' : undefined,
    );
  }

  qualify<T extends { score: number; doc: number }>(hits: T[], foldedText: string): T[] {
    // Most searches reach no copy and no registration again: nothing to read then.
    if (!hits.some((hit) => this.kindOfDoc[hit.doc] !== undefined)) return hits;
    const fitting = this.fittingFor(foldedText);
    if (fitting === undefined) return hits;
    return hits.map((hit) => {
      const kind = this.kindOfDoc[hit.doc];
      return kind === undefined ? hit : { ...hit, score: hit.score * (kind === fitting ? registerFits : registerMisfits) };
    });
  }

  /** What the text tells of the register. Each sentence of a story is searched with the whole story: it is read once. */
  private fittingFor(foldedText: string): 'copy' | 'again' | undefined {
    if (this.last?.text === foldedText) return this.last.fitting;
    const lexicon = this.lexicon;
    let fitting: 'copy' | 'again' | undefined;
    if (lexicon && saysAny(foldedText, lexicon.context)) {
      const tokens = foldedText.split(' ');
      const lost = saysAny(foldedText, lexicon.lostPhrases) || saysAfter(tokens, lexicon.register, lexicon.lost, lexicon.window);
      // A loss said anywhere wins: "không còn" holds "còn".
      const kept = !lost && (saysAny(foldedText, lexicon.keptPhrases) || saysAfter(tokens, lexicon.register, lexicon.kept, lexicon.window));
      fitting = lost ? 'again' : kept ? 'copy' : undefined;
    }
    this.last = { text: foldedText, fitting };
    return fitting;
  }
}

/** Just under the copy asked for, when two copies score the same. */
const tieBreak = 0.999;

/**
 * Records published once per channel: a question that says how it will file ("không rành làm trên
 * mạng, ra công an làm"; "khai báo online") gets the copy for that channel first. Only the copies
 * trade places: how the procedure ranks against other records stays as the words made it.
 */
export class ChannelVariants {
  private readonly ask: Array<{ channel: string; phrases: string[] }>;
  private readonly channelOfDoc: ReadonlyArray<string | undefined>;
  /** A channel copy's name words without the words that say a channel or a level: equal sets are one procedure. */
  private readonly coreOfDoc: ReadonlyArray<ReadonlySet<string> | undefined>;

  constructor(
    channels: Readonly<Record<string, { name: string[]; ask: string[] }>>,
    foldedNames: readonly string[],
    channelWords: readonly string[],
  ) {
    const entries = Object.entries(channels);
    const ignored = new Set(channelWords);
    this.ask = entries.map(([channel, { ask }]) => ({ channel, phrases: ask.map((p) => ` ${p} `) }));
    this.channelOfDoc = foldedNames.map((name) => entries.find(([, { name: phrases }]) => saysAny(name, phrases))?.[0]);
    this.coreOfDoc = foldedNames.map((name, doc) => (this.channelOfDoc[doc] ? new Set(name.split(' ').filter((w) => !ignored.has(w))) : undefined));
  }

  qualify<T extends { score: number; doc: number }>(hits: T[], foldedText: string): T[] {
    const text = ` ${foldedText} `;
    const asked = this.ask.filter(({ phrases }) => phrases.some((p) => saidAsAsked(text, p, denials, 3)));
    // Both said ("không làm online được thì nộp trực tiếp"): the question does not choose.
    if (asked.length !== 1) return hits;
    const out = hits.map((hit) => ({ ...hit }));
    for (const fit of out) {
      if (this.channelOfDoc[fit.doc] !== asked[0].channel) continue;
      for (const other of out) {
        const channel = this.channelOfDoc[other.doc];
        if (channel === undefined || channel === asked[0].channel || other.score < fit.score) continue;
        if (!sameWords(this.coreOfDoc[fit.doc]!, this.coreOfDoc[other.doc]!)) continue;
        // Equal copies too: the one for the channel asked comes first.
        [fit.score, other.score] = [other.score, Math.min(fit.score, other.score * tieBreak)];
      }
    }
    return out;
  }
}

function sameWords(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((w) => b.has(w));
}

/**
 * `phrase` (spaced) somewhere in `text` (spaced) without one of `notAfter` in the `reach` words before it, nor one of
 * `putOff` (spaced) in the `reach` words after it.
 */
function saidAsAsked(text: string, phrase: string, notAfter: readonly string[], reach = 1, putOff: readonly string[] = []): boolean {
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    const before = text.slice(0, at).trim().split(' ').slice(-reach);
    const after = ` ${text
      .slice(at + phrase.length)
      .trim()
      .split(' ')
      .slice(0, reach)
      .join(' ')} `;
    if (!before.some((word) => notAfter.includes(word)) && !putOff.some((p) => after.includes(p))) return true;
  }
  return false;
}

/** "khách sạn 18 tầng", "công trình cấp I": the names for that grade of building, before those for the others. */
function byGrade<T extends { score: number; doc: number }>(hits: T[], foldedText: string, foldedNameOf: (doc: number) => string): T[] {
  const grade = gradeSaid.exec(foldedText)?.[1];
  const floors = floorsSaid.exec(foldedText)?.[1];
  if (grade === undefined && floors === undefined) return hits;
  const high = grade !== undefined ? highGrades.has(grade) : Number(floors) >= highGradeFloors;
  return hits.map((hit) => {
    const name = foldedNameOf(hit.doc);
    const forHigh = highGradeName.test(name);
    if (!forHigh && !lowGradeName.test(name)) return hit;
    return { ...hit, score: hit.score * (forHigh === high ? fits : grade !== undefined ? saidGradeMisfits : misfits) };
  });
}

/** A group's phrases with their terms, longest first. */
type TermPhrases = ReadonlyArray<{ phrase: string; term: number }>;

function longestFirst(terms: ReadonlyArray<readonly string[]>): TermPhrases {
  return terms.flatMap((list, term) => list.map((phrase) => ({ phrase, term }))).sort((a, b) => b.phrase.length - a.phrase.length);
}

/**
 * The terms of a group a text says (`padded`: its folded words with a space either side), longest phrases first: what
 * a longer one says is no longer there for a shorter one.
 */
function termsSaid(padded: string, phrases: TermPhrases): number[] {
  if (!phrases.some(({ phrase }) => padded.includes(` ${phrase} `))) return [];
  let text = padded;
  const said = new Set<number>();
  for (const { phrase, term } of phrases) {
    if (!text.includes(` ${phrase} `)) continue;
    said.add(term);
    text = text.replaceAll(` ${phrase} `, ' | ');
  }
  return [...said];
}

/** A name that says only other terms than the one the story says. */
const otherTermWeight = 0.75;

/**
 * Terms that share a word but name different things ("khai tử" is no "khai sinh", "tàu biển" no "tàu cá"):
 * a story that says one term of a group and no other of it fits no name that says only others. A name
 * that says the term asked, or none of the group, is left as it is. A term said only inside a longer term
 * of its group is not said ("giấy miễn thị thực" says no "thị thực").
 */
export class ExclusiveTerms {
  /** Per group, per record, the terms its name says (empty: none). */
  private readonly termsOfDoc: ReadonlyArray<ReadonlyArray<ReadonlySet<number>>>;
  /** Per group, its phrases longest first. */
  private readonly phrases: readonly TermPhrases[];

  constructor(groups: ReadonlyArray<ReadonlyArray<readonly string[]>>, foldedNames: readonly string[]) {
    const none: ReadonlySet<number> = new Set();
    this.phrases = groups.map(longestFirst);
    this.termsOfDoc = this.phrases.map((phrases) =>
      foldedNames.map((name) => {
        const said = termsSaid(` ${name} `, phrases);
        return said.length === 0 ? none : new Set(said);
      }),
    );
  }

  qualify<T extends { score: number; doc: number }>(hits: T[], foldedStory: string): T[] {
    let out = hits;
    const story = ` ${foldedStory} `;
    this.phrases.forEach((phrases, group) => {
      const asked = termsSaid(story, phrases);
      if (asked.length !== 1) return;
      const names = this.termsOfDoc[group];
      out = out.map((hit) => {
        const said = names[hit.doc];
        return said.size > 0 && !said.has(asked[0]) ? { ...hit, score: hit.score * otherTermWeight } : hit;
      });
    });
    return out;
  }
}
