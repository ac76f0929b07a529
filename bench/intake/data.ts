/**
 * Realistic notice traffic for the intake benchmark: Vietnamese explanations and content copies,
 * URLs on Facebook, YouTube, TikTok and Vietnamese news sites, about 70% new content and 30%
 * repeats of earlier content through URL variants (mobile hosts, share links, tracking
 * parameters) that must join the existing case.
 *
 * Everything is driven by one seeded PRNG so two runs send the same kind of traffic. Request
 * bodies are built by string concatenation from pre-escaped fragments, so the load generator
 * spends as little CPU as possible (the machine is shared with the server and PostgreSQL).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------
// Random numbers

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    // sfc32 seeded through splitmix32
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }
  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [v, w] of entries) {
      r -= w;
      if (r < 0) return v;
    }
    return entries[entries.length - 1]![0];
  }
  digits(n: number): string {
    let s = String(1 + this.int(9));
    while (s.length < n) s += String(this.int(10));
    return s;
  }
  b64(n: number): string {
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let s = '';
    for (let i = 0; i < n; i++) s += A[this.int(64)];
    return s;
  }
  alnum(n: number): string {
    const A = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += A[this.int(36)];
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// What people report, in Vietnamese

export type SubmitterKind = 'authority' | 'trusted_flagger' | 'rights_holder' | 'public_reporter';

interface LegalBasis {
  instrument: string;
  provision?: string;
  reference_url?: string;
}

interface Theme {
  category: string;
  specs: string[];
  /** Why the content is unlawful or harmful, as a submitter writes it. */
  explanation: string;
  /** A copy of a typical piece of such content. */
  content: string;
  legal: LegalBasis[];
  /** Where such content is mostly found. */
  platforms: readonly (readonly [PlatformKind, number])[];
  rightsHolder?: boolean;
}

export type PlatformKind = 'facebook' | 'youtube' | 'tiktok' | 'news';

const SOCIAL: readonly (readonly [PlatformKind, number])[] = [
  ['facebook', 50],
  ['youtube', 15],
  ['tiktok', 25],
  ['news', 10],
];
const VIDEO: readonly (readonly [PlatformKind, number])[] = [
  ['facebook', 25],
  ['youtube', 45],
  ['tiktok', 30],
];
const NEWSY: readonly (readonly [PlatformKind, number])[] = [
  ['facebook', 40],
  ['youtube', 15],
  ['tiktok', 15],
  ['news', 30],
];

const L = {
  fraud: { instrument: 'Bộ luật Hình sự 2015', provision: 'Điều 174', reference_url: 'https://vanban.chinhphu.vn/default.aspx?pageid=27160&docid=183216' },
  netInfo: { instrument: 'Bộ luật Hình sự 2015', provision: 'Điều 288' },
  cyberLaw8: { instrument: 'Luật An ninh mạng 2018', provision: 'Điều 8' },
  cyberLaw16: { instrument: 'Luật An ninh mạng 2018', provision: 'Điều 16, khoản 4' },
  decree147: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
  decree15: { instrument: 'Nghị định 15/2020/NĐ-CP', provision: 'Điều 101' },
  ip28: { instrument: 'Luật Sở hữu trí tuệ 2005 (sửa đổi 2022)', provision: 'Điều 28' },
  ip129: { instrument: 'Luật Sở hữu trí tuệ 2005 (sửa đổi 2022)', provision: 'Điều 129' },
  children: { instrument: 'Luật Trẻ em 2016', provision: 'Điều 6' },
  data: { instrument: 'Nghị định 13/2023/NĐ-CP', provision: 'Điều 22' },
  ads: { instrument: 'Luật Quảng cáo 2012', provision: 'Điều 8' },
  food: { instrument: 'Nghị định 15/2018/NĐ-CP', provision: 'Điều 26' },
  wildlife: { instrument: 'Bộ luật Hình sự 2015', provision: 'Điều 244' },
  gambling: { instrument: 'Bộ luật Hình sự 2015', provision: 'Điều 321' },
} satisfies Record<string, LegalBasis>;

export const THEMES: Theme[] = [
  {
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    specs: ['KEYWORD_PHISHING'],
    explanation: 'Bài đăng giả mạo chương trình tri ân khách hàng của ngân hàng, dẫn người dùng tới trang web lạ để đánh cắp thông tin đăng nhập và mã OTP.',
    content: 'Chúc mừng quý khách đã trúng thưởng chương trình tri ân! Bấm vào đường link bên dưới và điền số tài khoản, mã OTP để nhận ngay 5.000.000 đồng.',
    legal: [L.fraud, L.decree147, L.cyberLaw8],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    specs: ['KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING'],
    explanation: 'Tài khoản mạo danh cán bộ công an, nhắn tin yêu cầu người dân chuyển tiền vào "tài khoản tạm giữ" để phục vụ điều tra.',
    content: 'Thông báo khẩn: số căn cước của anh/chị liên quan đến một đường dây rửa tiền. Liên hệ ngay cán bộ điều tra qua Zalo để được hướng dẫn xác minh.',
    legal: [L.fraud, L.cyberLaw8],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    specs: ['KEYWORD_PYRAMID_SCHEMES'],
    explanation: 'Trang quảng cáo sàn đầu tư tiền ảo cam kết lợi nhuận 30% mỗi tháng, có dấu hiệu huy động vốn theo mô hình đa cấp trái phép.',
    content: 'Chỉ cần vốn 2 triệu, mỗi ngày nhận lãi 1%, giới thiệu thêm người được hoa hồng 10%. Sàn được cấp phép quốc tế, rút tiền trong 5 phút!',
    legal: [L.fraud, L.decree15],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    specs: ['KEYWORD_PHISHING', 'KEYWORD_HUMAN_EXPLOITATION'],
    explanation: 'Tin tuyển cộng tác viên làm nhiệm vụ "thả tim" nhận hoa hồng nhưng yêu cầu nạp tiền trước, đúng thủ đoạn lừa đảo mà công an đã nhiều lần cảnh báo.',
    content: 'Tuyển CTV làm việc tại nhà, chỉ cần điện thoại, thu nhập 300-500k/ngày. Làm nhiệm vụ like, follow, nạp đơn nhận hoàn tiền 130%.',
    legal: [L.fraud],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
    specs: ['KEYWORD_MISINFORMATION_DISINFORMATION'],
    explanation: 'Video cắt ghép sai sự thật về việc vỡ đập thủy điện, gây hoang mang cho người dân vùng hạ du trong mùa mưa lũ.',
    content: 'KHẨN CẤP: đập thủy điện đã vỡ, nước đang tràn về các huyện phía dưới, bà con sơ tán ngay trong đêm nay! Chia sẻ để mọi người cùng biết.',
    legal: [L.cyberLaw16, L.decree15, L.netInfo],
    platforms: NEWSY,
  },
  {
    category: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
    specs: ['KEYWORD_RISK_PUBLIC_HEALTH', 'KEYWORD_MISINFORMATION_DISINFORMATION'],
    explanation: 'Bài viết lan truyền thông tin sai lệch rằng uống nước chanh nóng chữa khỏi ung thư, khuyên người bệnh bỏ điều trị tại bệnh viện.',
    content: 'Bác sĩ Nhật tiết lộ: mỗi sáng uống một cốc nước chanh nóng, tế bào ung thư sẽ tự chết sau 3 tuần. Hóa trị chỉ làm bệnh nặng thêm!',
    legal: [L.cyberLaw16, L.decree15],
    platforms: NEWSY,
  },
  {
    category: 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
    specs: ['KEYWORD_PROHIBITED_PRODUCTS', 'KEYWORD_UNSAFE_PRODUCTS'],
    explanation: 'Phiên livestream bán thực phẩm chức năng không rõ nguồn gốc, quảng cáo sai sự thật là thuốc đặc trị tiểu đường và huyết áp.',
    content: 'Sản phẩm thảo dược gia truyền, cam kết khỏi hẳn tiểu đường sau 2 liệu trình, không cần dùng thuốc tây. Chốt đơn ngay hôm nay giảm 50%.',
    legal: [L.food, L.ads],
    platforms: VIDEO,
  },
  {
    category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
    specs: ['KEYWORD_TRADEMARK_INFRINGEMENT'],
    explanation: 'Gian hàng bán túi xách giả nhãn hiệu nổi tiếng, sử dụng trái phép logo và hình ảnh quảng cáo của chủ sở hữu nhãn hiệu.',
    content: 'Túi xách hàng hiệu like auth 1:1, full box, giá chỉ bằng 1/10 hàng chính hãng. Inbox để xem ảnh thật, ship COD toàn quốc.',
    legal: [L.ip129],
    platforms: SOCIAL,
    rightsHolder: true,
  },
  {
    category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
    specs: ['KEYWORD_COPYRIGHT_INFRINGEMENT'],
    explanation: 'Trang phát lại trái phép trận đấu bóng đá V-League mà đơn vị chúng tôi giữ độc quyền phát sóng trên lãnh thổ Việt Nam.',
    content: 'Trực tiếp bóng đá hôm nay, link xem full HD không quảng cáo, không giật lag. Theo dõi trang để xem các trận tiếp theo.',
    legal: [L.ip28],
    platforms: VIDEO,
    rightsHolder: true,
  },
  {
    category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
    specs: ['KEYWORD_COPYRIGHT_INFRINGEMENT'],
    explanation: 'Kênh đăng tải lại toàn bộ các tập phim truyền hình đang chiếu độc quyền, chưa được chủ sở hữu quyền tác giả cho phép.',
    content: 'Phim hay tập mới nhất, vietsub full, cập nhật lúc 21 giờ mỗi tối. Đăng ký kênh và bật chuông để không bỏ lỡ tập nào.',
    legal: [L.ip28],
    platforms: VIDEO,
    rightsHolder: true,
  },
  {
    category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
    specs: ['KEYWORD_COPYRIGHT_INFRINGEMENT'],
    explanation: 'Video dùng bản ghi âm ca khúc có bản quyền làm nhạc nền cho quảng cáo thương mại mà không xin phép và không trả tiền bản quyền.',
    content: 'Ưu đãi mùa cưới: trọn gói chụp ảnh, váy cưới, trang điểm chỉ từ 9.900.000đ. Nhạc nền: bản hit đang gây sốt.',
    legal: [L.ip28],
    platforms: VIDEO,
    rightsHolder: true,
  },
  {
    category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
    specs: ['KEYWORD_DEFAMATION'],
    explanation: 'Bài đăng bịa đặt, xúc phạm danh dự và nhân phẩm của một bác sĩ bệnh viện tỉnh, kèm theo hình ảnh và địa chỉ nơi ở của người này.',
    content: 'Bóc phốt bác sĩ vô lương tâm nhận phong bì rồi bỏ mặc bệnh nhân! Mọi người chia sẻ mạnh để cả tỉnh biết mặt.',
    legal: [L.decree15, L.cyberLaw16],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
    specs: ['KEYWORD_HATE_SPEECH', 'KEYWORD_DISCRIMINATION'],
    explanation: 'Nội dung kích động thù ghét, miệt thị người dân tộc thiểu số và kêu gọi tẩy chay, xua đuổi họ khỏi địa phương.',
    content: 'Bọn họ không xứng đáng sống ở đây, ai còn thuê nhà hay mua hàng của họ là tiếp tay. Đuổi hết đi!',
    legal: [L.cyberLaw8, L.cyberLaw16],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
    specs: ['KEYWORD_MISSING_PROCESSING_GROUND'],
    explanation: 'Nhóm công khai mua bán dữ liệu cá nhân gồm họ tên, số điện thoại, số căn cước và địa chỉ của hàng nghìn khách hàng bảo hiểm.',
    content: 'Bán data khách hàng bảo hiểm, bất động sản, chứng khoán mới nhất 2025, lọc theo tỉnh, giá rẻ. Liên hệ để nhận file mẫu.',
    legal: [L.data, L.netInfo],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
    specs: ['KEYWORD_NON_CONSENSUAL_IMAGE_SHARING'],
    explanation: 'Tài khoản phát tán hình ảnh riêng tư của một phụ nữ khi chưa có sự đồng ý, kèm lời lẽ đe dọa tung thêm nếu không được trả tiền.',
    content: 'Ai cần full ảnh thì inbox, còn nhiều lắm. Không trả tiền thì cả công ty cô ta sẽ được xem.',
    legal: [L.data, L.decree15],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_CYBER_VIOLENCE',
    specs: ['KEYWORD_CYBER_BULLYING_INTIMIDATION'],
    explanation: 'Clip quay cảnh một học sinh bị đánh hội đồng được chia sẻ kèm bình luận chế giễu nạn nhân, gây tổn thương nghiêm trọng cho em và gia đình.',
    content: 'Xem đi mọi người, đánh cho chừa cái tội láo. Clip nóng trường THCS, ai biết tên con bé này không?',
    legal: [L.children, L.decree15],
    platforms: VIDEO,
  },
  {
    category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
    specs: ['KEYWORD_UNSAFE_CHALLENGES'],
    explanation: 'Video cổ vũ trẻ em thực hiện thử thách nhịn thở nguy hiểm; đã có trường hợp học sinh phải nhập viện cấp cứu sau khi làm theo.',
    content: 'Thử thách 60 giây nhịn thở, ai làm được thì quay lại và gắn thẻ 3 người bạn! #challenge #xuhuong',
    legal: [L.children],
    platforms: VIDEO,
  },
  {
    category: 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
    specs: ['KEYWORD_GOODS_SERVICES_NOT_PERMITTED'],
    explanation: 'Quảng cáo trang cá độ bóng đá và đánh bạc trực tuyến trá hình dưới dạng trò chơi giải trí, có cả khuyến mãi nạp tiền lần đầu.',
    content: 'Nhà cái uy tín số 1, nạp lần đầu tặng 200%, rút tiền siêu tốc 24/7. Tải app ngay để nhận code.',
    legal: [L.gambling, L.ads],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
    specs: ['KEYWORD_MISINFORMATION_DISINFORMATION'],
    explanation: 'Bài viết xuyên tạc chính sách thuế mới, đưa thông tin sai lệch rằng người bán hàng online phải nộp thuế gấp ba nhằm kích động phản đối.',
    content: 'Từ tháng sau ai bán hàng online cũng bị thu thuế gấp 3 lần, không nộp là bị khóa tài khoản ngân hàng! Chia sẻ ngay kẻo thiệt.',
    legal: [L.cyberLaw16, L.decree15],
    platforms: NEWSY,
  },
  {
    category: 'STATEMENT_CATEGORY_ANIMAL_WELFARE',
    specs: ['KEYWORD_UNLAWFUL_SALE_ANIMALS'],
    explanation: 'Trang rao bán động vật hoang dã quý hiếm như tê tê, rùa biển và khỉ đuôi lợn, vi phạm quy định về bảo vệ loài nguy cấp.',
    content: 'Nhận đặt tê tê, rùa biển, khỉ con, giao hàng kín đáo toàn quốc. Hàng có sẵn, liên hệ để xem video thật.',
    legal: [L.wildlife],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_SELF_HARM',
    specs: ['KEYWORD_SUICIDE'],
    explanation: 'Nhóm kín chia sẻ phương thức tự tử và khuyến khích các thành viên, phần lớn là thanh thiếu niên, tự làm hại bản thân.',
    content: 'Mệt mỏi quá thì vào nhóm, ở đây mọi người hiểu nhau và chỉ nhau cách kết thúc nhẹ nhàng.',
    legal: [L.children, L.cyberLaw8],
    platforms: SOCIAL,
  },
  {
    category: 'STATEMENT_CATEGORY_VIOLENCE',
    specs: ['KEYWORD_INCITEMENT_VIOLENCE_HATRED'],
    explanation: 'Video hướng dẫn chế tạo vũ khí tự chế và kêu gọi tụ tập gây rối, tấn công trụ sở ủy ban xã vào cuối tuần này.',
    content: 'Anh em chuẩn bị đồ nghề như trong clip, tối thứ bảy tập trung trước cổng ủy ban, đứa nào ra thì xử luôn.',
    legal: [L.cyberLaw8, L.netInfo],
    platforms: VIDEO,
  },
  {
    category: 'STATEMENT_CATEGORY_CONSUMER_INFORMATION',
    specs: ['KEYWORD_HIDDEN_ADVERTISEMENT', 'KEYWORD_MISLEADING_INFO_GOODS_SERVICES'],
    explanation: 'Người có ảnh hưởng quảng cáo mỹ phẩm trắng da nhưng không ghi rõ đây là nội dung được trả tiền, lại đưa thông tin sai về công dụng.',
    content: 'Mình đã dùng thử 7 ngày, da trắng lên 3 tông thật sự, không phải quảng cáo đâu nhé! Mã giảm giá ở phần bình luận.',
    legal: [L.ads],
    platforms: VIDEO,
  },
  {
    category: 'STATEMENT_CATEGORY_CONSUMER_INFORMATION',
    specs: ['KEYWORD_INAUTHENTIC_USER_REVIEWS'],
    explanation: 'Hàng trăm đánh giá năm sao được tạo từ tài khoản ảo cho một phòng khám nha khoa không có giấy phép hoạt động.',
    content: 'Dịch vụ tuyệt vời, bác sĩ tận tâm, giá rẻ nhất Sài Gòn, 10 điểm không có nhưng! Cả nhà mình đều làm răng ở đây.',
    legal: [L.ads, L.decree15],
    platforms: SOCIAL,
  },
];

/** Details a submitter adds, which also make each explanation its own. */
const PLACES = ['Hà Nội', 'TP. Hồ Chí Minh', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng', 'Nghệ An', 'Thanh Hóa', 'Bình Dương', 'Đắk Lắk', 'Quảng Ninh', 'Khánh Hòa', 'Lâm Đồng'];

function detail(rng: Rng): string {
  const d = 1 + rng.int(28);
  const m = 1 + rng.int(12);
  const hh = rng.int(24);
  const mm = rng.int(60);
  switch (rng.int(8)) {
    case 0:
      return ` Nội dung đã có hơn ${(1 + rng.int(90)).toLocaleString('vi-VN')}.${rng.digits(3)} lượt chia sẻ tính đến ${hh} giờ ${mm} ngày ${d}/${m}.`;
    case 1:
      return ` Đã có ${2 + rng.int(40)} người dân tại ${rng.pick(PLACES)} phản ánh bị mất tiền, tổng thiệt hại ước tính ${1 + rng.int(900)} triệu đồng.`;
    case 2:
      // A phone number, as scam reports often quote one: the public record must redact it.
      return ` Đối tượng dùng số điện thoại 09${rng.digits(1)} ${rng.digits(3)} ${rng.digits(3)} để liên lạc với nạn nhân.`;
    case 3:
      return ` Phát hiện qua hệ thống giám sát lúc ${hh}:${String(mm).padStart(2, '0')} ngày ${d}/${m}/2025, mã hồ sơ ${rng.alnum(6).toUpperCase()}.`;
    case 4:
      return ` Tài khoản này đã bị báo cáo ${2 + rng.int(15)} lần nhưng vẫn tiếp tục đăng bài với nội dung tương tự.`;
    case 5:
      return ` Đề nghị nền tảng gỡ bỏ và lưu giữ dữ liệu phục vụ công tác điều tra của công an ${rng.pick(PLACES)}.`;
    case 6:
      return ` Nội dung nhắm vào người cao tuổi ở ${rng.pick(PLACES)}, nhiều người đã làm theo hướng dẫn (vụ việc số ${rng.digits(4)}/${rng.alnum(3).toUpperCase()}).`;
    default:
      return ` Bản ghi màn hình được lưu lúc ${hh} giờ ${mm} phút ngày ${d} tháng ${m}.`;
  }
}

// ---------------------------------------------------------------------------------------------
// Content copies from the shared Vietnamese corpus, when it is there

export interface Corpus {
  used: boolean;
  dir: string;
  files: number;
  /** JSON-escaped snippets of 150–1,500 characters. */
  snippets: string[];
  /** Vietnamese news domains seen in the corpus. */
  domains: string[];
  /** Article title slugs, for news URLs. */
  slugs: string[];
}

const FALLBACK_DOMAINS = ['vnexpress.net', 'tuoitre.vn', 'thanhnien.vn', 'dantri.com.vn', 'vietnamnet.vn', 'laodong.vn', 'kenh14.vn', '24h.com.vn', 'baomoi.com', 'nld.com.vn'];
const FALLBACK_SLUGS = [
  'canh-bao-thu-doan-lua-dao-moi-qua-mang-xa-hoi',
  'su-that-ve-tin-don-vo-dap-thuy-dien',
  'bat-giu-nhom-doi-tuong-mua-ban-du-lieu-ca-nhan',
  'phat-hien-co-so-san-xuat-thuc-pham-chuc-nang-gia',
  'nhieu-tai-khoan-mao-danh-cong-an-goi-dien-lua-dao',
  'hoc-sinh-nhap-vien-vi-thu-thach-nguy-hiem-tren-mang',
];

export function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 12)
    .join('-');
}

export function loadCorpus(dir: string, rng: Rng): Corpus {
  const corpus: Corpus = { used: false, dir, files: 0, snippets: [], domains: [], slugs: [] };
  if (!existsSync(dir)) return corpus;
  const domains = new Set<string>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>;
    } catch {
      continue;
    }
    const text = typeof doc.maintext === 'string' ? doc.maintext : typeof doc.text === 'string' ? doc.text : '';
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean.length < 80) continue;
    corpus.files += 1;
    // A few snippets per document, cut at sentence boundaries, 150 to 1,500 characters.
    const sentences = clean.split(/(?<=[.!?…])\s+/);
    for (let k = 0; k < 3; k++) {
      const start = rng.int(Math.max(1, sentences.length - 1));
      const target = 150 + rng.int(1350);
      let s = '';
      for (let i = start; i < sentences.length && s.length < target; i++) s += (s ? ' ' : '') + sentences[i];
      if (s.length > 1500) s = s.slice(0, 1500).replace(/\s+\S*$/, '');
      if (s.length >= 60) corpus.snippets.push(JSON.stringify(s));
    }
    if (typeof doc.source_domain === 'string' && /^[a-z0-9.-]+\.[a-z]{2,}$/.test(doc.source_domain)) domains.add(doc.source_domain.replace(/^www\./, ''));
    if (typeof doc.title === 'string' && doc.title.trim()) {
      const slug = slugify(doc.title.split('\n')[0]!);
      if (slug.length > 10) corpus.slugs.push(slug);
    }
  }
  corpus.domains = [...domains].filter((d) => !/facebook|youtube|tiktok/.test(d));
  corpus.used = corpus.snippets.length > 0;
  return corpus;
}

// ---------------------------------------------------------------------------------------------
// URLs: new content, and variants of content reported before

interface Content {
  kind: PlatformKind;
  /** Parts a variant is built from. */
  a: string;
  b: string;
  shape: number;
  /** The URL as first reported. */
  url: string;
}

const FB_PAGES = [
  'tintuc.24h.online',
  'hoiquanchoxe',
  'shopmyphamchinhhang88',
  'congdongmevabe',
  'tinnongmoingay.vn',
  'review.sai.gon',
  'camnangsuckhoe247',
  'nhadat.hanoi.official',
];
const TT_USERS = ['beyeu.review', 'tin.nong.24h', 'anhthu_official', 'shop.giadung.re', 'hoc.cung.minh', 'xu.huong.moi', 'dailyvlog.vn'];
const NEWS_SECTIONS = ['thoi-su', 'phap-luat', 'xa-hoi', 'suc-khoe', 'kinh-doanh', 'doi-song', 'cong-nghe'];

export class UrlFactory {
  private counter = 0;
  /** Content reported so far; bounded, oldest overwritten. */
  private pool: Content[] = [];
  private poolNext = 0;
  constructor(
    private rng: Rng,
    private corpus: Corpus,
    private poolMax = 200_000,
  ) {}

  get seen(): number {
    return this.pool.length;
  }

  /** A URL of content nobody has reported yet. */
  fresh(kind: PlatformKind): Content {
    const r = this.rng;
    const n = ++this.counter;
    let c: Content;
    switch (kind) {
      case 'facebook': {
        const shape = r.int(6);
        const post = `10${r.digits(4)}${String(n).padStart(10, '0')}`;
        const page = shape === 1 ? `1000${r.digits(11)}` : `${r.pick(FB_PAGES)}${r.chance(0.5) ? '' : `.${r.alnum(3)}`}`;
        const url = [
          `https://www.facebook.com/${page}/posts/${post}`,
          `https://www.facebook.com/permalink.php?story_fbid=${post}&id=${page}`,
          `https://www.facebook.com/${page}/videos/${post}/`,
          `https://www.facebook.com/groups/${r.digits(15)}/posts/${post}/`,
          `https://www.facebook.com/watch/?v=${post}`,
          `https://www.facebook.com/reel/${post}`,
        ][shape]!;
        c = { kind, a: page, b: post, shape, url };
        if (shape === 3) c.a = /groups\/(\d+)/.exec(url)![1]!;
        break;
      }
      case 'youtube': {
        const id = `${r.b64(5)}${toB64(n, 6)}`;
        const shape = r.int(3);
        c = { kind, a: id, b: '', shape, url: [`https://www.youtube.com/watch?v=${id}`, `https://youtu.be/${id}`, `https://www.youtube.com/shorts/${id}`][shape]! };
        break;
      }
      case 'tiktok': {
        const user = `${r.pick(TT_USERS)}${r.chance(0.5) ? '' : r.digits(2)}`;
        const id = `74${r.digits(5)}${String(n).padStart(12, '0')}`;
        c = { kind, a: user, b: id, shape: 0, url: `https://www.tiktok.com/@${user}/video/${id}` };
        break;
      }
      case 'news': {
        const domain = r.pick(this.corpus.domains.length ? this.corpus.domains : FALLBACK_DOMAINS);
        const slug = r.pick(this.corpus.slugs.length ? this.corpus.slugs : FALLBACK_SLUGS);
        const path = `/${r.pick(NEWS_SECTIONS)}/${slug}-${String(n)}${r.chance(0.6) ? '.html' : ''}`;
        c = { kind, a: domain, b: path, shape: 0, url: `https://${r.chance(0.5) ? 'www.' : ''}${domain}${path}` };
        break;
      }
    }
    if (this.pool.length < this.poolMax) this.pool.push(c);
    else {
      this.pool[this.poolNext] = c;
      this.poolNext = (this.poolNext + 1) % this.poolMax;
    }
    return c;
  }

  /**
   * Content reported before: half the time among the most recent 2,000 (a story that is going
   * round now), otherwise anything seen so far. Null when nothing was reported yet.
   */
  earlier(): Content | null {
    if (this.pool.length === 0) return null;
    const r = this.rng;
    const len = this.pool.length;
    const newest = this.pool.length < this.poolMax ? len - 1 : (this.poolNext - 1 + len) % len;
    if (r.chance(0.5)) return this.pool[(newest - r.int(Math.min(2000, len)) + len) % len]!;
    return this.pool[r.int(len)]!;
  }

  /** Another way of writing the same content's URL, as shared links and mobile apps do. */
  variant(c: Content): string {
    const r = this.rng;
    switch (c.kind) {
      case 'facebook': {
        const host = r.pick(['www.facebook.com', 'm.facebook.com', 'facebook.com', 'web.facebook.com', 'mbasic.facebook.com', 'vi-vn.facebook.com']);
        const track = r.pick([`fbclid=IwAR${r.b64(30)}`, `mibextid=${r.b64(16)}`, `__tn__=%2CO%2CP-R`, `rdid=${r.b64(16)}&share_url=x`, `ref=share`, '']);
        const base = [
          `https://${host}/${c.a}/posts/${c.b}`,
          `https://${host}/permalink.php?id=${c.a}&story_fbid=${c.b}`,
          `https://${host}/${c.a}/videos/${c.b}`,
          `https://${host}/groups/${c.a}/posts/${c.b}`,
          `https://${host}/watch/?v=${c.b}`,
          `https://${host}/reel/${c.b}/`,
        ][c.shape]!;
        return track ? `${base}${base.includes('?') ? '&' : '?'}${track}` : base;
      }
      case 'youtube':
        return r.pick([
          `https://youtu.be/${c.a}?si=${r.b64(16)}`,
          `https://m.youtube.com/watch?v=${c.a}&feature=share`,
          `https://www.youtube.com/watch?v=${c.a}&t=${r.int(600)}s`,
          `https://www.youtube.com/watch?v=${c.a}&list=PL${r.b64(32)}&index=${1 + r.int(40)}`,
          `https://youtube.com/shorts/${c.a}?feature=share`,
          `https://www.youtube.com/embed/${c.a}`,
        ]);
      case 'tiktok':
        return r.pick([
          `https://www.tiktok.com/@${c.a}/video/${c.b}?is_from_webapp=1&sender_device=pc`,
          `https://m.tiktok.com/@${c.a}/video/${c.b}`,
          `https://www.tiktok.com/@${c.a}/video/${c.b}?_r=1&_t=8${r.b64(10)}`,
          `https://tiktok.com/@${c.a}/video/${c.b}/`,
        ]);
      case 'news':
        return r.pick([
          `https://${c.a}${c.b}?utm_source=facebook&utm_medium=social&utm_campaign=${r.alnum(8)}`,
          `http://${c.a}${c.b}`,
          `https://www.${c.a}${c.b}#box_comment`,
          `https://${c.a}${c.b}?zarsrc=30&utm_source=zalo&gidzl=${r.b64(40)}`,
          `https://${c.a}${c.b}?fbclid=IwAR${r.b64(30)}`,
        ]);
    }
  }
}

function toB64(n: number, width: number): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  let v = n;
  for (let i = 0; i < width; i++) {
    s = A[v % 64] + s;
    v = Math.floor(v / 64);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Notices

export interface MixStats {
  notices: number;
  items: number;
  newItems: number;
  repeatItems: number;
  withText: number;
  corpusTexts: number;
  withLegalBasis: number;
  bodyBytes: number;
  byPlatform: Record<PlatformKind, number>;
}

export function emptyMix(): MixStats {
  return {
    notices: 0,
    items: 0,
    newItems: 0,
    repeatItems: 0,
    withText: 0,
    corpusTexts: 0,
    withLegalBasis: 0,
    bodyBytes: 0,
    byPlatform: { facebook: 0, youtube: 0, tiktok: 0, news: 0 },
  };
}

const ITEM_COUNTS: readonly (readonly [number, number])[] = [
  [1, 78],
  [2, 12],
  [3, 6],
  [4, 2],
  [5, 2],
];
/** Share of items that repeat earlier content (BENCH_REPEAT_SHARE, for experiments; 0.3 by default). */
export const REPEAT_SHARE = process.env.BENCH_REPEAT_SHARE ? Number(process.env.BENCH_REPEAT_SHARE) : 0.3;
if (!(REPEAT_SHARE >= 0 && REPEAT_SHARE <= 1)) throw new Error(`BENCH_REPEAT_SHARE must be between 0 and 1, got ${process.env.BENCH_REPEAT_SHARE}`);

export class NoticeFactory {
  readonly mix = emptyMix();
  private themeJson: { explanation: string; content: string; specs: string; category: string; legal: string[] }[];
  private copyrightThemes: number[];

  constructor(
    private rng: Rng,
    private urls: UrlFactory,
    private corpus: Corpus,
  ) {
    this.themeJson = THEMES.map((t) => ({
      // without the closing quote, so a detail can be appended
      explanation: JSON.stringify(t.explanation).slice(0, -1),
      content: JSON.stringify(t.content),
      specs: JSON.stringify(t.specs),
      category: JSON.stringify(t.category),
      legal: t.legal.map((l) => JSON.stringify(l)),
    }));
    this.copyrightThemes = THEMES.flatMap((t, i) => (t.rightsHolder ? [i] : []));
  }

  /** One notice as JSON text, for a submitter of `kind`. */
  notice(kind: SubmitterKind): string {
    const r = this.rng;
    const m = this.mix;
    const ti = kind === 'rights_holder' ? r.pick(this.copyrightThemes) : r.int(THEMES.length);
    const theme = THEMES[ti]!;
    const tj = this.themeJson[ti]!;
    const count = r.weighted(ITEM_COUNTS);
    const items: string[] = [];
    const used = new Set<Content>();
    for (let i = 0; i < count; i++) {
      let c: Content | null = null;
      let url: string;
      if (r.chance(REPEAT_SHARE)) c = this.urls.earlier();
      if (c && !used.has(c)) {
        url = this.urls.variant(c);
        m.repeatItems += 1;
      } else {
        c = this.urls.fresh(r.weighted(theme.platforms));
        url = c.url;
        m.newItems += 1;
      }
      used.add(c);
      m.byPlatform[c.kind] += 1;
      const t = r.next();
      let text = '';
      if (t < 0.4 && this.corpus.used) {
        text = `,"text":${r.pick(this.corpus.snippets)}`;
        m.corpusTexts += 1;
        m.withText += 1;
      } else if (t < 0.7) {
        text = `,"text":${tj.content}`;
        m.withText += 1;
      }
      items.push(`{"url":${JSON.stringify(url)}${text}}`);
    }
    m.items += count;
    m.notices += 1;
    const legal = kind === 'authority' || (kind === 'trusted_flagger' && r.chance(0.3)) ? `,"legal_basis":${r.pick(tj.legal)}` : '';
    if (legal) m.withLegalBasis += 1;
    // Only authorities and trusted flaggers may mark a notice urgent (core/notice.ts); the draw is
    // kept for every kind so the generated data stays the same otherwise.
    const urgent = kind === 'authority' ? r.chance(0.3) : r.chance(0.05) && kind === 'trusted_flagger';
    const lang = r.chance(0.95) ? 'vi' : 'en';
    const specs = r.chance(0.85) ? `,"category_specification":${tj.specs}` : '';
    return (
      `{"category":${tj.category}${specs},"items":[${items.join(',')}],"explanation":${tj.explanation}${JSON.stringify(detail(r)).slice(1)}` +
      `${legal},"content_language":"${lang}","urgency":"${urgent ? 'urgent' : 'normal'}"}`
    );
  }

  batch(kind: SubmitterKind, size: number): string {
    const parts: string[] = new Array(size);
    for (let i = 0; i < size; i++) parts[i] = this.notice(kind);
    return `{"notices":[${parts.join(',')}]}`;
  }
}
