//! Printed words that are not in a lesson file: field labels, default section
//! titles, page numbers, dates and the default safety notice, in each language
//! a lesson can be written in.

use std::fmt;

/// The language a lesson is written in; it picks the printed labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Language {
    #[default]
    En,
    Es,
    /// Vietnamese.
    Vi,
    /// Chinese in simplified characters.
    ZhHans,
    /// Chinese in traditional characters.
    ZhHant,
    /// Korean.
    Ko,
    /// Tagalog (Filipino).
    Tl,
    /// Russian.
    Ru,
    /// Arabic: pages run right to left.
    Ar,
}

impl Language {
    pub const ALL: [Language; 9] = [
        Language::En,
        Language::Es,
        Language::Vi,
        Language::ZhHans,
        Language::ZhHant,
        Language::Ko,
        Language::Tl,
        Language::Ru,
        Language::Ar,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Vi => "vi",
            Language::ZhHans => "zh-Hans",
            Language::ZhHant => "zh-Hant",
            Language::Ko => "ko",
            Language::Tl => "tl",
            Language::Ru => "ru",
            Language::Ar => "ar",
        }
    }

    /// Whether the language is written right to left, and its pages laid
    /// out so.
    pub fn is_rtl(self) -> bool {
        self == Language::Ar
    }

    /// The BCP 47 tag a PDF gives text in this language (`/Lang`): the
    /// language as spoken in the United States, where the crisis lines
    /// serve.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en-US",
            Language::Es => "es-US",
            Language::Vi => "vi",
            Language::ZhHans => "zh-Hans",
            Language::ZhHant => "zh-Hant",
            Language::Ko => "ko",
            Language::Tl => "tl",
            Language::Ru => "ru",
            Language::Ar => "ar",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    /// A language as people write it, in a lesson's `language` or a
    /// roster's column: a code in any case (`EN`, `es`), a tag with a region
    /// (`es-US`, `en_GB`), or the language's name in English or in itself
    /// (`Spanish`, `español`, `English`). Chinese is simplified unless the
    /// tag or name says traditional (`zh-Hant`, `zh-TW`, `zh-HK`, `繁體中文`).
    pub fn parse(written: &str) -> Option<Language> {
        let w = written.trim().to_lowercase();
        let mut parts = w.split(['-', '_']).map(str::trim);
        let primary = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        match primary {
            "en" | "eng" | "english" | "inglés" | "ingles" => Some(Language::En),
            "es" | "spa" | "spanish" | "español" | "espanol" | "castellano" => Some(Language::Es),
            "vi" | "vie" | "vietnamese" | "tiếng việt" | "tieng viet" => Some(Language::Vi),
            "zh" | "zho" | "chi" | "chinese" | "中文" | "汉语" | "漢語" => {
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                Some(if traditional {
                    Language::ZhHant
                } else {
                    Language::ZhHans
                })
            }
            "简体中文" | "简体" => Some(Language::ZhHans),
            "繁體中文" | "繁體" | "繁体中文" => Some(Language::ZhHant),
            "ko" | "kor" | "korean" | "한국어" => Some(Language::Ko),
            "tl" | "tgl" | "fil" | "tagalog" | "filipino" => Some(Language::Tl),
            "ru" | "rus" | "russian" | "русский" => Some(Language::Ru),
            "ar" | "ara" | "arabic" | "العربية" | "عربي" => Some(Language::Ar),
            _ => None,
        }
    }

    pub fn labels(self) -> &'static Labels {
        match self {
            Language::En => &EN,
            Language::Es => &ES,
            Language::Vi => &VI,
            Language::ZhHans => &ZH_HANS,
            Language::ZhHant => &ZH_HANT,
            Language::Ko => &KO,
            Language::Tl => &TL,
            Language::Ru => &RU,
            Language::Ar => &AR,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Everything printed in a given language that the lesson doesn't supply.
#[derive(Debug)]
pub struct Labels {
    pub name: &'static str,
    pub date: &'static str,
    pub clinician: &'static str,
    /// `Page {n} of {m}`
    page: &'static str,
    /// `Day {n}`
    day: &'static str,
    months: [&'static str; 12],
    /// Long date pattern; `{d}`, `{month}` and `{y}` are filled in.
    date_pattern: &'static str,
    pub summary: &'static str,
    pub safety: &'static str,
    pub terms: &'static str,
    pub checklist: &'static str,
    pub checklist_intro: &'static str,
    pub steps: &'static str,
    pub scenarios: &'static str,
    pub plan: &'static str,
    /// A values card: its heading, how to use it, and each line's purpose
    /// (the form field's tooltip, after the value).
    pub values: &'static str,
    pub values_intro: &'static str,
    pub values_why: &'static str,
    pub tracker: &'static str,
    /// Header of the tracker's first column (the row labels).
    pub tracker_corner: &'static str,
    /// The table of contents' heading.
    pub contents: &'static str,
    /// The heading over writing lines: the Notes block that fills a
    /// lesson's short last page, and the Notes pages that pad a booklet.
    pub notes: &'static str,
    /// The box of QR codes for a lesson's links, and how to use them.
    pub resources: &'static str,
    pub resources_intro: &'static str,
    /// The default heading of a `questions` section.
    pub questions: &'static str,
    /// The heading over a lesson's sources, and the date each was checked
    /// (`{date}` is filled in).
    pub sources: &'static str,
    sources_checked: &'static str,
    /// A checklist reflection's lead-in, by how many boxes it is for:
    /// one count, two counts in a row, a range, a count and more.
    reflect_one: &'static str,
    reflect_two: &'static str,
    reflect_range: &'static str,
    reflect_more: &'static str,
    /// Markdown, with `{{988}}`-style placeholders for the help lines
    /// ([`crate::help`]); printed when a lesson has no `safety` of its own.
    pub safety_notice: &'static str,
    /// The short crisis line in every footer, unless the lesson sets
    /// `crisis`: placeholders for the help lines' footers.
    pub crisis_line: &'static str,
    /// The lesson page (`--format html`): a writing box's name for screen
    /// readers, where the answers are kept, and the button that clears them.
    pub html_answer: &'static str,
    pub html_kept_here: &'static str,
    pub html_clear: &'static str,
}

impl Labels {
    pub fn page_of(&self, n: usize, m: usize) -> String {
        self.page
            .replace("{n}", &n.to_string())
            .replace("{m}", &m.to_string())
    }

    pub fn day(&self, n: usize) -> String {
        self.day.replace("{n}", &n.to_string())
    }

    /// "checked December 7, 2026", after a source.
    pub fn checked_on(&self, date: time::Date) -> String {
        self.sources_checked
            .replace("{date}", &self.long_date(date))
    }

    /// A reflection's lead-in: "If you checked 0 or 1:", "If you checked
    /// 3 or more:".
    pub fn reflection(&self, from: u32, to: Option<u32>) -> String {
        let pattern = match to {
            None => self.reflect_more,
            Some(to) if to == from => self.reflect_one,
            Some(to) if to == from + 1 => self.reflect_two,
            Some(_) => self.reflect_range,
        };
        pattern
            .replace("{n}", &from.to_string())
            .replace("{m}", &to.unwrap_or(from).to_string())
    }

    /// A date as people write it: "November 22, 2026", "22 de noviembre de 2026".
    pub fn long_date(&self, date: time::Date) -> String {
        let month = self.months[usize::from(u8::from(date.month())) - 1];
        self.date_pattern
            .replace("{d}", &date.day().to_string())
            .replace("{month}", month)
            .replace("{y}", &date.year().to_string())
    }
}

static EN: Labels = Labels {
    name: "Name",
    date: "Date",
    clinician: "Clinician",
    page: "Page {n} of {m}",
    day: "Day {n}",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date_pattern: "{month} {d}, {y}",
    summary: "What this is about",
    safety: "Your safety comes first",
    terms: "Key words",
    checklist: "What do you notice?",
    checklist_intro: "Check any that apply:",
    steps: "Practice steps",
    scenarios: "Practice scenarios",
    plan: "My plan",
    values: "What matters to me",
    values_intro: "Circle the values that matter most to you. On the line beside each one you circle, write why it matters.",
    values_why: "why it matters to me",
    tracker: "My tracker",
    tracker_corner: "Day",
    contents: "Contents",
    notes: "Notes",
    resources: "Resources",
    resources_intro: "Scan with a phone camera to open:",
    questions: "Questions people ask",
    sources: "Where this comes from",
    sources_checked: "checked {date}",
    reflect_one: "If you checked {n}:",
    reflect_two: "If you checked {n} or {m}:",
    reflect_range: "If you checked {n} to {m}:",
    reflect_more: "If you checked {n} or more:",
    safety_notice: "This worksheet is for learning and practice. It is not a diagnosis or a \
treatment plan, and it does not take the place of care from your own health care team.\n\n\
{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "Your answer",
    html_kept_here: "What you check and write on this page stays in this browser, on this device. Nothing is sent anywhere.",
    html_clear: "Clear my answers",
};

static ES: Labels = Labels {
    name: "Nombre",
    date: "Fecha",
    clinician: "Profesional",
    page: "Página {n} de {m}",
    day: "Día {n}",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    date_pattern: "{d} de {month} de {y}",
    summary: "De qué se trata",
    safety: "Su seguridad es lo primero",
    terms: "Palabras clave",
    checklist: "¿Qué nota en usted?",
    checklist_intro: "Marque las que le apliquen:",
    steps: "Pasos para practicar",
    scenarios: "Situaciones para practicar",
    plan: "Mi plan",
    values: "Lo que me importa",
    values_intro: "Encierre en un círculo los valores que más le importan. En la línea junto a cada uno, escriba por qué le importa.",
    values_why: "por qué me importa",
    tracker: "Mi registro",
    tracker_corner: "Día",
    contents: "Contenido",
    notes: "Notas",
    resources: "Recursos",
    resources_intro: "Escanee con la cámara del teléfono para abrir:",
    questions: "Preguntas frecuentes",
    sources: "De dónde viene esta información",
    sources_checked: "revisado el {date}",
    reflect_one: "Si marcó {n}:",
    reflect_two: "Si marcó {n} o {m}:",
    reflect_range: "Si marcó de {n} a {m}:",
    reflect_more: "Si marcó {n} o más:",
    safety_notice: "Esta hoja es para aprender y practicar. No es un diagnóstico ni un plan de \
tratamiento, y no reemplaza la atención de su propio equipo de salud.\n\n\
{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "Su respuesta",
    html_kept_here: "Lo que marque y escriba en esta página se queda en este navegador, en este dispositivo. No se envía a ningún lugar.",
    html_clear: "Borrar mis respuestas",
};

// The labels below were written for US clients who read these languages
// first; like every lesson, they should be read by a clinician who is a
// native speaker before a clinic hands them out (README, "Languages").

static VI: Labels = Labels {
    name: "Họ và tên",
    date: "Ngày",
    clinician: "Chuyên viên",
    page: "Trang {n}/{m}",
    day: "Ngày {n}",
    months: [
        "tháng 1",
        "tháng 2",
        "tháng 3",
        "tháng 4",
        "tháng 5",
        "tháng 6",
        "tháng 7",
        "tháng 8",
        "tháng 9",
        "tháng 10",
        "tháng 11",
        "tháng 12",
    ],
    date_pattern: "ngày {d} {month} năm {y}",
    summary: "Bài này nói về điều gì",
    safety: "An toàn của quý vị là trên hết",
    terms: "Từ ngữ chính",
    checklist: "Quý vị nhận thấy điều gì?",
    checklist_intro: "Đánh dấu vào những điều đúng với quý vị:",
    steps: "Các bước thực hành",
    scenarios: "Tình huống thực hành",
    plan: "Kế hoạch của tôi",
    values: "Điều quan trọng với tôi",
    values_intro: "Khoanh tròn những giá trị quan trọng nhất với quý vị. Trên dòng kẻ bên cạnh, viết vì sao điều đó quan trọng.",
    values_why: "vì sao điều này quan trọng với tôi",
    tracker: "Bảng theo dõi của tôi",
    tracker_corner: "Ngày",
    contents: "Mục lục",
    notes: "Ghi chú",
    resources: "Nguồn hỗ trợ",
    resources_intro: "Quét bằng máy ảnh của điện thoại để mở:",
    questions: "Những câu hỏi thường gặp",
    sources: "Thông tin này từ đâu",
    sources_checked: "đã kiểm tra {date}",
    reflect_one: "Nếu quý vị đánh dấu {n} mục:",
    reflect_two: "Nếu quý vị đánh dấu {n} hoặc {m} mục:",
    reflect_range: "Nếu quý vị đánh dấu từ {n} đến {m} mục:",
    reflect_more: "Nếu quý vị đánh dấu {n} mục trở lên:",
    safety_notice: "Tờ bài tập này dùng để học và thực hành. Đây không phải là chẩn đoán hay \
kế hoạch điều trị, và không thay thế sự chăm sóc của đội ngũ y tế của quý vị.\n\n\
{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "Câu trả lời của quý vị",
    html_kept_here: "Những gì quý vị đánh dấu và viết trên trang này chỉ được lưu trong trình duyệt này, trên thiết bị này. Không có gì được gửi đi.",
    html_clear: "Xóa câu trả lời của tôi",
};

static ZH_HANS: Labels = Labels {
    name: "姓名",
    date: "日期",
    clinician: "治疗师",
    page: "第 {n} 页，共 {m} 页",
    day: "第 {n} 天",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    date_pattern: "{y}年{month}{d}日",
    summary: "这份讲义讲什么",
    safety: "您的安全最重要",
    terms: "关键词",
    checklist: "您注意到了什么？",
    checklist_intro: "请勾选符合您情况的项目：",
    steps: "练习步骤",
    scenarios: "练习情境",
    plan: "我的计划",
    values: "对我重要的事",
    values_intro: "圈出对您最重要的价值。在旁边的横线上写下它为什么重要。",
    values_why: "它为什么对我重要",
    tracker: "我的记录表",
    tracker_corner: "天",
    contents: "目录",
    notes: "笔记",
    resources: "资源",
    resources_intro: "用手机相机扫描即可打开：",
    questions: "常见问题",
    sources: "信息来源",
    sources_checked: "核对日期：{date}",
    reflect_one: "如果您勾选了 {n} 项：",
    reflect_two: "如果您勾选了 {n} 或 {m} 项：",
    reflect_range: "如果您勾选了 {n} 到 {m} 项：",
    reflect_more: "如果您勾选了 {n} 项或更多：",
    safety_notice: "这份练习单用于学习和练习。它不是诊断，也不是治疗方案，\
不能代替您自己的医疗团队提供的照护。\n\n{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "您的回答",
    html_kept_here: "您在本页勾选和填写的内容只保存在这台设备的这个浏览器里，不会发送到任何地方。",
    html_clear: "清除我的回答",
};

static ZH_HANT: Labels = Labels {
    name: "姓名",
    date: "日期",
    clinician: "治療師",
    page: "第 {n} 頁，共 {m} 頁",
    day: "第 {n} 天",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    date_pattern: "{y}年{month}{d}日",
    summary: "這份講義講什麼",
    safety: "您的安全最重要",
    terms: "關鍵詞",
    checklist: "您注意到了什麼？",
    checklist_intro: "請勾選符合您情況的項目：",
    steps: "練習步驟",
    scenarios: "練習情境",
    plan: "我的計畫",
    values: "對我重要的事",
    values_intro: "圈出對您最重要的價值。在旁邊的橫線上寫下它為什麼重要。",
    values_why: "它為什麼對我重要",
    tracker: "我的紀錄表",
    tracker_corner: "天",
    contents: "目錄",
    notes: "筆記",
    resources: "資源",
    resources_intro: "用手機相機掃描即可開啟：",
    questions: "常見問題",
    sources: "資訊來源",
    sources_checked: "核對日期：{date}",
    reflect_one: "如果您勾選了 {n} 項：",
    reflect_two: "如果您勾選了 {n} 或 {m} 項：",
    reflect_range: "如果您勾選了 {n} 到 {m} 項：",
    reflect_more: "如果您勾選了 {n} 項或更多：",
    safety_notice: "這份練習單用於學習和練習。它不是診斷，也不是治療計畫，\
不能取代您自己的醫療團隊提供的照護。\n\n{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "您的回答",
    html_kept_here: "您在本頁勾選和填寫的內容只保存在這台裝置的這個瀏覽器裡，不會傳送到任何地方。",
    html_clear: "清除我的回答",
};

static KO: Labels = Labels {
    name: "이름",
    date: "날짜",
    clinician: "담당 치료사",
    page: "{m}쪽 중 {n}쪽",
    day: "{n}일째",
    months: [
        "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월",
    ],
    date_pattern: "{y}년 {month} {d}일",
    summary: "이 자료의 내용",
    safety: "안전이 가장 중요합니다",
    terms: "핵심 단어",
    checklist: "나에게 해당하는 것은 무엇인가요?",
    checklist_intro: "해당하는 것에 모두 표시하세요:",
    steps: "연습 단계",
    scenarios: "연습 상황",
    plan: "나의 계획",
    values: "나에게 소중한 것",
    values_intro: "가장 소중한 가치에 동그라미를 치세요. 옆의 줄에 왜 소중한지 적으세요.",
    values_why: "나에게 소중한 이유",
    tracker: "나의 기록표",
    tracker_corner: "날",
    contents: "목차",
    notes: "메모",
    resources: "자료",
    resources_intro: "휴대폰 카메라로 스캔해서 여세요:",
    questions: "자주 묻는 질문",
    sources: "이 정보의 출처",
    sources_checked: "확인한 날짜: {date}",
    reflect_one: "{n}개에 표시했다면:",
    reflect_two: "{n}개 또는 {m}개에 표시했다면:",
    reflect_range: "{n}개에서 {m}개에 표시했다면:",
    reflect_more: "{n}개 이상에 표시했다면:",
    safety_notice: "이 워크시트는 배우고 연습하기 위한 것입니다. 진단이나 치료 계획이 아니며, \
본인의 의료진이 제공하는 치료를 대신하지 않습니다.\n\n{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "내 답",
    html_kept_here: "이 페이지에 표시하고 쓴 내용은 이 기기의 이 브라우저에만 남습니다. 어디로도 보내지지 않습니다.",
    html_clear: "내 답 지우기",
};

static TL: Labels = Labels {
    name: "Pangalan",
    date: "Petsa",
    clinician: "Klinisyan",
    page: "Pahina {n} ng {m}",
    day: "Araw {n}",
    months: [
        "Enero",
        "Pebrero",
        "Marso",
        "Abril",
        "Mayo",
        "Hunyo",
        "Hulyo",
        "Agosto",
        "Setyembre",
        "Oktubre",
        "Nobyembre",
        "Disyembre",
    ],
    date_pattern: "{month} {d}, {y}",
    summary: "Tungkol saan ito",
    safety: "Una ang inyong kaligtasan",
    terms: "Mahahalagang salita",
    checklist: "Ano ang napapansin ninyo?",
    checklist_intro: "Lagyan ng tsek ang lahat ng totoo para sa inyo:",
    steps: "Mga hakbang sa pagsasanay",
    scenarios: "Mga sitwasyon para sa pagsasanay",
    plan: "Ang plano ko",
    values: "Ang mahalaga sa akin",
    values_intro: "Bilugan ang mga pinakamahalaga sa inyo. Sa linya sa tabi nito, isulat ninyo kung bakit ito mahalaga.",
    values_why: "kung bakit ito mahalaga sa akin",
    tracker: "Ang talaan ko",
    tracker_corner: "Araw",
    contents: "Nilalaman",
    notes: "Mga Tala",
    resources: "Mga mapagkukunan",
    resources_intro: "I-scan gamit ang camera ng telepono para mabuksan:",
    questions: "Mga madalas itanong",
    sources: "Saan galing ang impormasyong ito",
    sources_checked: "sinuri noong {date}",
    reflect_one: "Kung {n} ang nilagyan ninyo ng tsek:",
    reflect_two: "Kung {n} o {m} ang nilagyan ninyo ng tsek:",
    reflect_range: "Kung {n} hanggang {m} ang nilagyan ninyo ng tsek:",
    reflect_more: "Kung {n} o higit pa ang nilagyan ninyo ng tsek:",
    safety_notice: "Ang worksheet na ito ay para sa pag-aaral at pagsasanay. Hindi ito \
diagnosis o plano ng paggamot, at hindi nito pinapalitan ang pangangalaga ng sarili ninyong \
health care team.\n\n{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "Ang sagot ninyo",
    html_kept_here: "Ang mga tsinek at isinulat ninyo sa pahinang ito ay nananatili lang sa browser na ito, sa device na ito. Walang ipinapadala kahit saan.",
    html_clear: "Burahin ang mga sagot ko",
};

static RU: Labels = Labels {
    name: "Имя и фамилия",
    date: "Дата",
    clinician: "Специалист",
    page: "Страница {n} из {m}",
    day: "День {n}",
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    date_pattern: "{d} {month} {y} г.",
    summary: "О чём это",
    safety: "Ваша безопасность — прежде всего",
    terms: "Ключевые слова",
    checklist: "Что вы замечаете?",
    checklist_intro: "Отметьте всё, что к вам относится:",
    steps: "Шаги для практики",
    scenarios: "Ситуации для практики",
    plan: "Мой план",
    values: "Что для меня важно",
    values_intro: "Обведите ценности, которые для вас важнее всего. На линии рядом напишите, почему это важно.",
    values_why: "почему это для меня важно",
    tracker: "Мой дневник",
    tracker_corner: "День",
    contents: "Содержание",
    notes: "Заметки",
    resources: "Ресурсы",
    resources_intro: "Наведите камеру телефона, чтобы открыть:",
    questions: "Частые вопросы",
    sources: "Откуда эта информация",
    sources_checked: "проверено {date}",
    reflect_one: "Если вы отметили {n}:",
    reflect_two: "Если вы отметили {n} или {m}:",
    reflect_range: "Если вы отметили от {n} до {m}:",
    reflect_more: "Если вы отметили {n} или больше:",
    safety_notice: "Этот лист — для обучения и практики. Это не диагноз и не план лечения, \
и он не заменяет помощь вашей собственной медицинской команды.\n\n{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "Ваш ответ",
    html_kept_here: "Всё, что вы отметите и напишете на этой странице, остаётся только в этом браузере, на этом устройстве. Ничего никуда не отправляется.",
    html_clear: "Стереть мои ответы",
};

static AR: Labels = Labels {
    name: "الاسم",
    date: "التاريخ",
    clinician: "المعالج",
    page: "صفحة {n} من {m}",
    day: "اليوم {n}",
    months: [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    date_pattern: "{d} {month} {y}",
    summary: "عمّ تتحدث هذه الورقة",
    safety: "سلامتك أولاً",
    terms: "كلمات مهمة",
    checklist: "ماذا تلاحظ؟",
    checklist_intro: "ضع علامة على كل ما ينطبق عليك:",
    steps: "خطوات للتدريب",
    scenarios: "مواقف للتدريب",
    plan: "خطتي",
    values: "ما يهمني",
    values_intro: "ضع دائرة حول القيم الأهم بالنسبة لك. على السطر بجانبها، اكتب لماذا تهمك.",
    values_why: "لماذا يهمني هذا",
    tracker: "سجلّي",
    tracker_corner: "اليوم",
    contents: "المحتويات",
    notes: "ملاحظات",
    resources: "مصادر",
    resources_intro: "امسح الرمز بكاميرا الهاتف لفتحه:",
    questions: "أسئلة شائعة",
    sources: "مصدر هذه المعلومات",
    sources_checked: "تمت المراجعة في {date}",
    reflect_one: "إذا وضعت علامة على {n}:",
    reflect_two: "إذا وضعت علامة على {n} أو {m}:",
    reflect_range: "إذا وضعت علامة على ما بين {n} و{m}:",
    reflect_more: "إذا وضعت علامة على {n} أو أكثر:",
    safety_notice: "هذه الورقة للتعلّم والتدريب. ليست تشخيصاً ولا خطة علاج، ولا تحلّ محلّ \
الرعاية التي يقدّمها فريقك الصحي.\n\n{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
    html_answer: "إجابتك",
    html_kept_here: "ما تختاره وتكتبه في هذه الصفحة يبقى في هذا المتصفح فقط، على هذا الجهاز. لا يُرسل أي شيء إلى أي مكان.",
    html_clear: "امسح إجاباتي",
};

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Date, Month};

    #[test]
    fn long_dates_in_each_language() {
        let d = Date::from_calendar_date(2026, Month::November, 22).unwrap();
        assert_eq!(Language::En.labels().long_date(d), "November 22, 2026");
        assert_eq!(
            Language::Es.labels().long_date(d),
            "22 de noviembre de 2026"
        );
    }

    #[test]
    fn languages_as_people_write_them() {
        for (written, lang) in [
            ("en", Language::En),
            ("EN", Language::En),
            ("English", Language::En),
            ("en-US", Language::En),
            ("es", Language::Es),
            ("es-US", Language::Es),
            ("es_MX", Language::Es),
            ("Spanish", Language::Es),
            ("español", Language::Es),
            ("Español", Language::Es),
            (" espanol ", Language::Es),
        ] {
            assert_eq!(Language::parse(written), Some(lang), "{written}");
        }
        for bad in ["fr", "", "Klingon", "e"] {
            assert_eq!(Language::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn page_numbers_and_days() {
        assert_eq!(Language::En.labels().page_of(2, 5), "Page 2 of 5");
        assert_eq!(Language::Es.labels().page_of(2, 5), "Página 2 de 5");
        assert_eq!(Language::Es.labels().day(3), "Día 3");
        assert_eq!(Language::Vi.labels().page_of(2, 5), "Trang 2/5");
        assert_eq!(Language::ZhHans.labels().page_of(2, 5), "第 2 页，共 5 页");
        assert_eq!(Language::ZhHant.labels().page_of(2, 5), "第 2 頁，共 5 頁");
        assert_eq!(Language::Ko.labels().page_of(2, 5), "5쪽 중 2쪽");
        assert_eq!(Language::Ru.labels().day(3), "День 3");
    }

    #[test]
    fn dates_in_the_new_languages() {
        let d = Date::from_calendar_date(2026, Month::December, 1).unwrap();
        for (lang, expected) in [
            (Language::Vi, "ngày 1 tháng 12 năm 2026"),
            (Language::ZhHans, "2026年12月1日"),
            (Language::ZhHant, "2026年12月1日"),
            (Language::Ko, "2026년 12월 1일"),
            (Language::Tl, "Disyembre 1, 2026"),
            (Language::Ru, "1 декабря 2026 г."),
            (Language::Ar, "1 ديسمبر 2026"),
        ] {
            assert_eq!(lang.labels().long_date(d), expected, "{lang}");
        }
    }

    #[test]
    fn chinese_is_simplified_unless_said_otherwise() {
        for (written, lang) in [
            ("zh", Language::ZhHans),
            ("zh-Hans", Language::ZhHans),
            ("zh-CN", Language::ZhHans),
            ("Chinese", Language::ZhHans),
            ("zh-Hant", Language::ZhHant),
            ("zh-TW", Language::ZhHant),
            ("zh_HK", Language::ZhHant),
            ("繁體中文", Language::ZhHant),
            ("Vietnamese", Language::Vi),
            ("tiếng Việt", Language::Vi),
            ("한국어", Language::Ko),
            ("Filipino", Language::Tl),
            ("русский", Language::Ru),
        ] {
            assert_eq!(Language::parse(written), Some(lang), "{written}");
        }
        for lang in Language::ALL {
            assert_eq!(Language::parse(lang.code()), Some(lang), "{lang}");
        }
    }
}
