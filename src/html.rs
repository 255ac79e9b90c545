//! A lesson as a web page a facility can publish (`handout build --format
//! html`): the same words as the worksheet, with its checklist as a
//! self-check to tick and its prompts as boxes to write in. What a reader
//! ticks and writes is kept only in their own browser (`localStorage`),
//! never sent anywhere: the page has no form that submits, loads nothing
//! from elsewhere, and holds no client's details (a published page is the
//! same for everyone).
//!
//! Accessible by construction: one `h1`, headings in order, every box and
//! checkbox with a label, the tracker a table with row and column headers,
//! the language and direction set, focus always visible, and text that
//! reflows on a phone and prints on paper.

use std::fmt::Write as _;

use crate::labels::{Labels, Language};
use crate::lesson::{Lesson, Note, Reflection, Scenario, Section, Step};
use crate::text::{Block, Rich};

/// The page for `lessons` (one, or a packet's, in order) in `language`,
/// titled `title`; with `large_print`, its text a half larger.
pub fn page(title: &str, language: Language, lessons: &[Lesson], large_print: bool) -> String {
    let labels = language.labels();
    let mut out = String::with_capacity(16 * 1024);
    let dir = if language.is_rtl() { "rtl" } else { "ltr" };
    let key = lessons
        .iter()
        .map(|l| l.id.as_str())
        .collect::<Vec<_>>()
        .join("+");
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\" dir=\"{dir}\" data-page=\"{}\">\n<head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"handout {}\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body{}>\n<main>\n",
        language.tag(),
        esc(&key),
        env!("CARGO_PKG_VERSION"),
        esc(title),
        if large_print { " class=\"large\"" } else { "" },
    );
    // A packet's page has its own title above the lessons'.
    let base = if lessons.len() > 1 {
        let _ = writeln!(out, "<h1>{}</h1>", esc(title));
        2
    } else {
        1
    };
    for (n, lesson) in lessons.iter().enumerate() {
        let mut w = Writer {
            out: &mut out,
            labels,
            prefix: format!("l{}", n + 1),
            next: 0,
        };
        w.lesson(lesson, base);
    }
    let _ = write!(
        out,
        "<aside class=\"kept\">\n<p>{}</p>\n\
         <p><button type=\"button\" id=\"clear\">{}</button></p>\n</aside>\n\
         </main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        esc(labels.html_kept_here),
        esc(labels.html_clear),
    );
    out
}

struct Writer<'a> {
    out: &'a mut String,
    labels: &'static Labels,
    /// Starts every field's id: the lesson's place on the page.
    prefix: String,
    next: usize,
}

impl Writer<'_> {
    /// A new field id, the same for the same field every time the page is
    /// made (the browser finds its saved answer by it).
    fn id(&mut self) -> String {
        self.next += 1;
        format!("{}-{}", self.prefix, self.next)
    }

    fn lesson(&mut self, lesson: &Lesson, level: usize) {
        let _ = writeln!(
            self.out,
            "<article aria-labelledby=\"{p}\">\n<header>\n<h{level} id=\"{p}\">{}</h{level}>",
            rich(&lesson.title),
            p = self.prefix,
        );
        if let Some(sub) = &lesson.subtitle {
            let _ = writeln!(self.out, "<p class=\"subtitle\">{}</p>", rich(sub));
        }
        self.out.push_str("</header>\n");
        for (k, section) in lesson.sections.iter().enumerate() {
            self.section(section, level + 1, k + 1);
        }
        if !lesson.sources.is_empty() {
            let h = level + 1;
            let _ = writeln!(
                self.out,
                "<section class=\"sources\" aria-labelledby=\"{p}-src\">\n\
                 <h{h} id=\"{p}-src\">{}</h{h}>\n<ul>",
                esc(self.labels.sources),
                p = self.prefix,
            );
            for c in &lesson.sources {
                let _ = writeln!(
                    self.out,
                    "<li><a href=\"{}\">{}</a> · {}</li>",
                    esc(&c.url),
                    rich(&c.title),
                    esc(&self.labels.checked_on(c.checked))
                );
            }
            self.out.push_str("</ul>\n</section>\n");
        }
        let _ = writeln!(
            self.out,
            "<footer><p class=\"crisis\">{}</p></footer>\n</article>",
            rich(&lesson.crisis)
        );
    }

    /// One section: its heading, then its body by kind.
    fn section(&mut self, section: &Section, h: usize, k: usize) {
        let heading = format!("{}-s{k}", self.prefix);
        if let Some(title) = section_title(section) {
            let _ = writeln!(
                self.out,
                "<section class=\"{}\" aria-labelledby=\"{heading}\">\n\
                 <h{h} id=\"{heading}\">{}</h{h}>",
                section.name(),
                rich(title)
            );
        }
        match section {
            Section::Summary { body, .. } | Section::Safety { body, .. } => blocks(self.out, body),
            Section::Terms { terms, .. } => {
                self.definitions(terms.iter().map(|t| (&t.term, &t.meaning)));
            }
            Section::Checklist {
                intro,
                items,
                reflections,
                ..
            } => {
                self.checklist(intro, items);
                self.reflections(reflections);
            }
            Section::Questions { questions, .. } => {
                self.definitions(questions.iter().map(|q| (&q.question, &q.answer)));
            }
            Section::Steps { steps, .. } => self.steps(steps),
            Section::Scenarios { scenarios, .. } => self.scenarios(scenarios, h + 1),
            Section::Values { intro, values, .. } => self.values(intro, values),
            Section::Plan {
                intro,
                prompts,
                lines,
                ..
            } => {
                self.intro(intro.as_ref());
                for p in prompts {
                    self.prompt(p, *lines);
                }
            }
            Section::Tracker {
                intro,
                rows,
                columns,
                ..
            } => {
                self.intro(intro.as_ref());
                self.tracker(rows, columns);
            }
            Section::Notes { notes } => self.notes(notes, h),
        }
        self.out.push_str("</section>\n");
    }

    /// A section's optional opening paragraph.
    fn intro(&mut self, intro: Option<&Rich>) {
        if let Some(i) = intro {
            let _ = writeln!(self.out, "<p>{}</p>", rich(i));
        }
    }

    /// Pairs of a word and what it means (key terms, questions and
    /// answers), as a description list.
    fn definitions<'r>(&mut self, pairs: impl Iterator<Item = (&'r Rich, &'r Rich)>) {
        self.out.push_str("<dl>\n");
        for (term, meaning) in pairs {
            let _ = writeln!(
                self.out,
                "<dt>{}</dt><dd>{}</dd>",
                rich(term),
                rich(meaning)
            );
        }
        self.out.push_str("</dl>\n");
    }

    /// The checklist as a self-check: a labelled checkbox per item.
    fn checklist(&mut self, intro: &Rich, items: &[Rich]) {
        let _ = writeln!(
            self.out,
            "<fieldset>\n<legend>{}</legend>\n<ul class=\"checks\">",
            rich(intro)
        );
        for item in items {
            let id = self.id();
            let _ = writeln!(
                self.out,
                "<li><input type=\"checkbox\" id=\"{id}\"><label for=\"{id}\">{}</label></li>",
                rich(item)
            );
        }
        self.out.push_str("</ul>\n</fieldset>\n");
    }

    /// Every reflection is in the page (and on paper); the script shows
    /// the one that matches the boxes ticked.
    fn reflections(&mut self, reflections: &[Reflection]) {
        if reflections.is_empty() {
            return;
        }
        self.out
            .push_str("<div class=\"reflections\" aria-live=\"polite\">\n");
        for r in reflections {
            let to = r.to.map_or(String::new(), |t| t.to_string());
            let _ = writeln!(
                self.out,
                "<p class=\"reflection\" data-from=\"{}\" data-to=\"{to}\">\
                 <strong>{}</strong> {}</p>",
                r.from,
                esc(&r.lead(self.labels)),
                rich(&r.text)
            );
        }
        self.out.push_str("</div>\n");
    }

    fn steps(&mut self, steps: &[Step]) {
        self.out.push_str("<ol>\n");
        for s in steps {
            let _ = writeln!(
                self.out,
                "<li><strong>{}</strong><br>{}</li>",
                rich(&s.name),
                rich(&s.text)
            );
        }
        self.out.push_str("</ol>\n");
    }

    /// Each scenario under a heading of level `h`, its prompts as boxes.
    fn scenarios(&mut self, scenarios: &[Scenario], h: usize) {
        for s in scenarios {
            let _ = writeln!(
                self.out,
                "<div class=\"scenario\">\n<h{h}>{}</h{h}>",
                rich(&s.title)
            );
            if let Some(t) = &s.text {
                let _ = writeln!(self.out, "<p>{}</p>", rich(t));
            }
            for p in &s.prompts {
                self.prompt(p, s.lines);
            }
            self.out.push_str("</div>\n");
        }
    }

    /// The values card: a value to tick, and a line for why, per value.
    fn values(&mut self, intro: &Rich, values: &[Rich]) {
        let _ = writeln!(self.out, "<p>{}</p>\n<ul class=\"values\">", rich(intro));
        for v in values {
            let check = self.id();
            let why = self.id();
            let _ = writeln!(
                self.out,
                "<li><input type=\"checkbox\" id=\"{check}\"><label for=\"{check}\">{}</label>\
                 <input type=\"text\" id=\"{why}\" aria-label=\"{}: {}\"></li>",
                rich(v),
                esc(&v.to_plain()),
                esc(self.labels.values_why),
            );
        }
        self.out.push_str("</ul>\n");
    }

    /// The tracker as a table to fill in: column headers, a header per
    /// row, and a box per cell labelled by its row and column.
    fn tracker(&mut self, rows: &[Rich], columns: &[Rich]) {
        let _ = write!(
            self.out,
            "<div class=\"table\"><table>\n<thead><tr><th scope=\"col\">{}</th>",
            esc(self.labels.tracker_corner)
        );
        for c in columns {
            let _ = write!(self.out, "<th scope=\"col\">{}</th>", rich(c));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for r in rows {
            let _ = write!(self.out, "<tr><th scope=\"row\">{}</th>", rich(r));
            for c in columns {
                let id = self.id();
                let _ = write!(
                    self.out,
                    "<td><input type=\"text\" id=\"{id}\" aria-label=\"{}, {}\"></td>",
                    esc(&r.to_plain()),
                    esc(&c.to_plain())
                );
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table></div>\n");
    }

    /// The notes, each under its own heading of level `h` when it has one.
    fn notes(&mut self, notes: &[Note], h: usize) {
        self.out.push_str("<section class=\"notes\">\n");
        for n in notes {
            if let Some(t) = &n.title {
                let _ = writeln!(self.out, "<h{h}>{}</h{h}>", rich(t));
            }
            blocks(self.out, &n.body);
        }
    }

    /// A prompt and the box to write in under it, as tall as its writing
    /// lines on paper.
    fn prompt(&mut self, prompt: &Rich, lines: u32) {
        let id = self.id();
        let _ = writeln!(
            self.out,
            "<p class=\"prompt\"><label for=\"{id}\">{}</label></p>\n\
             <textarea id=\"{id}\" rows=\"{}\"></textarea>",
            rich(prompt),
            lines.clamp(2, 12)
        );
    }
}

/// The heading a section opens with; the notes have none of their own
/// (each note has its own).
fn section_title(section: &Section) -> Option<&Rich> {
    match section {
        Section::Summary { title, .. }
        | Section::Safety { title, .. }
        | Section::Terms { title, .. }
        | Section::Checklist { title, .. }
        | Section::Questions { title, .. }
        | Section::Steps { title, .. }
        | Section::Scenarios { title, .. }
        | Section::Values { title, .. }
        | Section::Plan { title, .. }
        | Section::Tracker { title, .. } => Some(title),
        Section::Notes { .. } => None,
    }
}

fn blocks(out: &mut String, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Paragraph(r) => {
                let _ = writeln!(out, "<p>{}</p>", rich(r));
            }
            Block::List { start, items } => {
                match start {
                    None => out.push_str("<ul>\n"),
                    Some(1) => out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(out, "<ol start=\"{n}\">");
                    }
                }
                for item in items {
                    out.push_str("<li>");
                    // A one-paragraph item reads as its text alone.
                    match item.as_slice() {
                        [Block::Paragraph(r)] => out.push_str(&rich(r)),
                        more => blocks(out, more),
                    }
                    out.push_str("</li>\n");
                }
                out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
        }
    }
}

/// Inline text: bold, italic and links; every character escaped.
fn rich(r: &Rich) -> String {
    let mut s = String::new();
    for span in &r.0 {
        let mut t = esc(&span.text);
        if span.style.italic {
            t = format!("<em>{t}</em>");
        }
        if span.style.bold {
            t = format!("<strong>{t}</strong>");
        }
        match span.link.as_deref().filter(|l| safe_link(l)) {
            Some(href) => {
                let _ = write!(s, "<a href=\"{}\">{t}</a>", esc(href));
            }
            None => s.push_str(&t),
        }
    }
    s
}

/// Links a published page may carry: the web, mail and phone numbers
/// (never `javascript:` or a local file).
fn safe_link(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// Text made safe inside HTML, SVG or an attribute's quotes.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Calm, readable, large enough to write in on a phone; contrast above
/// 7:1 for text; focus always shown; print leaves out the buttons.
const STYLE: &str = "
:root{color-scheme:light;--ink:#1b1b1b;--muted:#3f3f3f;--rule:#767676;--soft:#f3f1ec;--accent:#1f4e79}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:1.125rem/1.6 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif}
body.large{font-size:1.6875rem}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1,h2,h3,h4{line-height:1.25;margin:2rem 0 .75rem}
h1{font-size:2rem;margin-top:.5rem}
.subtitle{font-size:1.2rem;color:var(--muted);margin-top:-.25rem}
section{margin:2rem 0}
.safety{border-inline-start:.35rem solid var(--accent);background:var(--soft);padding:.25rem 1rem .5rem;border-radius:.25rem}
dt{font-weight:700;margin-top:.75rem}
.steps li{margin:.5rem 0}
dd{margin:0 0 .5rem 0}
fieldset{border:0;padding:0;margin:0}
legend{padding:0;margin-bottom:.5rem}
ul.checks,ul.values{list-style:none;padding:0}
ul.checks li,ul.values li{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem;margin:.5rem 0}
input[type=checkbox]{width:1.35rem;height:1.35rem;flex:none;margin:0;position:relative;top:.2rem}
ul.values input[type=text]{flex:1 1 12rem}
input[type=text],textarea{font:inherit;color:inherit;border:1px solid var(--rule);border-radius:.25rem;padding:.35rem .5rem;background:#fff}
textarea{display:block;width:100%;margin:0 0 1rem}
.prompt{margin-bottom:.35rem}
.scenario{border-top:1px solid #d0d0d0;margin-top:1.5rem}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--rule);padding:.3rem .4rem;text-align:start}
td input[type=text]{width:100%;min-width:3rem;border:0;padding:.2rem;background:transparent}
th[scope=row]{white-space:nowrap}
.reflection{background:var(--soft);border-radius:.25rem;padding:.5rem .75rem;margin:.5rem 0}
.reflections.live .reflection{display:none}
.reflections.live .reflection.on{display:block}
.sources{font-size:.9rem;color:var(--muted)}
.crisis{font-weight:700;border-top:1px solid var(--rule);padding-top:.75rem}
.kept{color:var(--muted);border-top:1px solid #d0d0d0;margin-top:2.5rem}
button{font:inherit;padding:.4rem .9rem;border:1px solid var(--accent);border-radius:.25rem;background:#fff;color:var(--accent);cursor:pointer}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
@media print{.reflections.live .reflection{display:block}body{font-size:11pt}main{max-width:none;padding:0}.kept{display:none}textarea,input[type=text]{border-color:#999}a{color:inherit}}
";

/// Keeps each box's answer in this browser as it is typed, and puts it
/// back when the page opens again; the button clears them. Nothing is sent.
const SCRIPT: &str = "
(function(){
var key='handout:'+document.documentElement.getAttribute('data-page')+':';
var fields=Array.prototype.slice.call(document.querySelectorAll('main input,main textarea'));
function save(f){try{localStorage.setItem(key+f.id,f.type==='checkbox'?(f.checked?'1':''):f.value);}catch(e){}}
fields.forEach(function(f){
try{var v=localStorage.getItem(key+f.id);if(v!==null){if(f.type==='checkbox'){f.checked=v==='1';}else{f.value=v;}}}catch(e){}
f.addEventListener(f.type==='checkbox'?'change':'input',function(){save(f);});
});
function reflect(){
Array.prototype.forEach.call(document.querySelectorAll('.reflections'),function(box){
var list=box.previousElementSibling;
var n=list?list.querySelectorAll('input[type=checkbox]:checked').length:0;
box.classList.add('live');
Array.prototype.forEach.call(box.querySelectorAll('.reflection'),function(r){
var from=+r.getAttribute('data-from'),to=r.getAttribute('data-to');
r.classList.toggle('on',n>=from&&(to===''||n<=+to));
});
});
}
fields.forEach(function(f){if(f.type==='checkbox'){f.addEventListener('change',reflect);}});
reflect();
document.getElementById('clear').addEventListener('click',function(){
fields.forEach(function(f){if(f.type==='checkbox'){f.checked=false;}else{f.value='';}try{localStorage.removeItem(key+f.id);}catch(e){}});
reflect();
});
})();
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Span, Style};

    #[test]
    fn text_is_escaped_and_only_safe_links_are_links() {
        let r = Rich(vec![
            Span {
                text: "<script>alert(1)</script> & \"x\"".into(),
                style: Style::REGULAR,
                link: None,
            },
            Span {
                text: "call".into(),
                style: Style::BOLD,
                link: Some("tel:988".into()),
            },
            Span {
                text: "bad".into(),
                style: Style::REGULAR,
                link: Some("javascript:alert(1)".into()),
            },
        ]);
        let html = rich(&r);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(html.contains("<a href=\"tel:988\"><strong>call</strong></a>"));
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.ends_with("bad"));
    }
}
