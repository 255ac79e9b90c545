//! The app's pages, as HTML made on the server: the gallery and one
//! client's form. The app's own words come from [`Words`], in the language
//! the person chose; a lesson's are its own.

use std::fmt::Write as _;

use crate::html::esc;

use super::catalog::{Catalog, Edition, Entry};
use super::words::{OFFERED, Words};
use crate::labels::Language;

/// A language by its own name, for a person choosing one.
fn language_name(l: Language) -> &'static str {
    match l {
        Language::En => "English",
        Language::Es => "Español",
        Language::Vi => "Tiếng Việt",
        Language::ZhHans => "简体中文",
        Language::ZhHant => "繁體中文",
        Language::Ko => "한국어",
        Language::Tl => "Tagalog",
        Language::Ru => "Русский",
        Language::Ar => "العربية",
    }
}

/// Our own words as an element's text: only what would start markup is
/// escaped, so an apostrophe reads as one in the page's source too.
fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub(super) fn shell(w: &Words, title: &str, body: &str) -> String {
    let mut switch = String::new();
    for l in OFFERED {
        let _ = write!(
            switch,
            "<button type=\"button\" data-ui=\"{code}\" lang=\"{code}\" aria-pressed=\"{}\">{}</button>",
            l == w.language,
            language_name(l),
            code = l.code(),
        );
    }
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n\
         <script src=\"/app.js\" defer></script>\n\
         <script src=\"/follow.js\" defer></script>\n</head>\n<body>\n\
         <header class=\"bar\"><a href=\"/\">handout</a>\
         <nav aria-label=\"{}\"><a href=\"/\">{}</a> <a href=\"/group\">{}</a></nav>\
         <span>{}</span>\
         <div class=\"ui-lang\" role=\"group\" aria-label=\"{}\">{switch}</div></header>\n{body}</body>\n</html>\n",
        esc(title),
        esc(w.nav_label),
        esc(w.nav_lessons),
        esc(w.nav_group),
        esc(w.tagline),
        esc(w.switch_label),
        lang = w.language.code(),
    )
}

pub fn not_found(w: &Words) -> String {
    shell(
        w,
        w.not_found_title,
        &format!(
            "<main><h1>{}</h1><p><a href=\"/\">{}</a></p></main>\n",
            esc(w.not_found_heading),
            esc(w.not_found_link)
        ),
    )
}

/// Every lesson as a card (page 1, title, languages, pages), in a section
/// for each topic: the library's topics in their order, then others, then
/// lessons with none. A lesson is under each of its topics, as `handout
/// list` shows it.
pub fn gallery(w: &Words, catalog: &Catalog) -> String {
    // The list, apart, for the page to put a new one in its place when
    // the folder changes.
    let mut body = format!(
        "<main>\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n\
         <p><a class=\"button\" href=\"/edit/new\">{}</a> <a href=\"/edit\">{}</a></p>\n\
         <div id=\"lessons\" data-generation=\"{}\">\n",
        text(w.gallery_heading),
        text(w.gallery_lead),
        text(w.editor.new_lesson),
        text(w.editor.files_link),
        catalog.generation,
    );
    let topic_of = |e: &crate::serve::catalog::Entry| e.editions[0].lesson.topics.clone();
    let mut topics: Vec<String> = crate::lesson::TOPICS
        .iter()
        .map(|t| t.to_string())
        .collect();
    let mut others: Vec<String> = catalog
        .entries
        .iter()
        .flat_map(topic_of)
        .filter(|t| !topics.contains(t))
        .collect();
    others.sort();
    others.dedup();
    topics.extend(others);
    let mut groups: Vec<(String, Vec<&crate::serve::catalog::Entry>)> = topics
        .into_iter()
        .map(|t| {
            let entries = catalog
                .entries
                .iter()
                .filter(|e| topic_of(e).contains(&t))
                .collect();
            (t, entries)
        })
        .collect();
    groups.push((
        String::new(),
        catalog
            .entries
            .iter()
            .filter(|e| topic_of(e).is_empty())
            .collect(),
    ));
    groups.retain(|(_, entries)| !entries.is_empty());
    for (k, (topic, entries)) in groups.iter().enumerate() {
        let heading = if topic.is_empty() {
            w.gallery_other_lessons.to_string()
        } else {
            w.topic(topic)
        };
        let _ = writeln!(
            body,
            "<section class=\"topic\" aria-labelledby=\"topic-{k}\">\n\
             <h2 id=\"topic-{k}\">{}</h2>\n<ul class=\"gallery\">",
            esc(&heading)
        );
        for e in entries {
            let langs: Vec<&str> = e.languages().into_iter().map(language_name).collect();
            let _ = writeln!(
                body,
                "<li class=\"card\"><a href=\"/lessons/{id}\">\
                 <img src=\"/lessons/{id}/thumbnail.svg?v={}\" alt=\"\" width=\"200\" height=\"259\">\
                 <span class=\"title\" lang=\"{}\">{}</span></a>\
                 <span class=\"meta\">{} · {}{}</span>{}{}</li>",
                // A new thumbnail has a new address: an image already
                // shown under the old one is not shown again.
                thumbnail_tag(e),
                e.editions[0].lesson.language.code(),
                esc(&e.title()),
                esc(&langs.join(", ")),
                (w.gallery_pages)(e.pages),
                if e.origin == "built-in" {
                    String::new()
                } else {
                    format!(" · {}", esc(&e.origin))
                },
                edit_link(w, &e.origin, &e.id),
                kept_notes(w, e),
                id = esc(&e.id),
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    unprintable(w, &mut body, catalog);
    body.push_str("</div>\n</main>\n");
    shell(w, w.gallery_title, &body)
}

/// A short digest of an entry's thumbnail, for its address.
fn thumbnail_tag(e: &Entry) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    e.thumbnail.hash(&mut h);
    format!("{:x}", h.finish())
}

/// A note for each of a lesson's files that has an error now (what is
/// shown is its last good version).
fn kept_notes(w: &Words, e: &Entry) -> String {
    e.errors
        .iter()
        .map(|err| format!("<span class=\"note\">{}</span>", esc(&(w.folder.kept)(err))))
        .collect()
}

/// On a gallery card: "Edit" for a folder lesson (by its file name),
/// "View source" for a built-in one; nothing for a folder file whose name
/// the editor can't save under.
fn edit_link(w: &Words, origin: &str, id: &str) -> String {
    let (href, label) = if origin == "built-in" {
        (id, w.editor.view_source)
    } else if super::editor::is_lesson_name(origin) {
        (origin, w.editor.edit)
    } else {
        return String::new();
    };
    format!(
        " <a class=\"edit\" href=\"/edit/{}\">{}</a>",
        esc(href),
        esc(label)
    )
}

/// The lessons that read well but can't be laid out, and the folder's
/// files that don't read at all, each with a note saying why, so none goes
/// missing without a word.
fn unprintable(w: &Words, body: &mut String, catalog: &Catalog) {
    if catalog.unprintable.is_empty() && catalog.broken.is_empty() {
        return;
    }
    let _ = write!(
        body,
        "<section class=\"topic\" aria-labelledby=\"unprintable\">\n\
         <h2 id=\"unprintable\">{}</h2>\n\
         <p class=\"hint\">{}</p>\n<ul class=\"gallery\">\n",
        text(w.gallery_unprintable_heading),
        // The words escaped, then the command put in as code.
        text(&(w.gallery_unprintable_hint)("\u{0}")).replace('\u{0}', "<code>handout check</code>"),
    );
    for u in &catalog.unprintable {
        let origin = if u.origin == "built-in" {
            w.built_in
        } else {
            &u.origin
        };
        let _ = writeln!(
            body,
            "<li class=\"card\"><span class=\"title\" lang=\"{}\">{}</span>\
             <span class=\"meta\">{}</span>\
             <span class=\"note\">{}</span>{}</li>",
            u.language.code(),
            esc(&u.title),
            text(origin),
            text(&(w.gallery_unprintable_note)(&u.why)),
            // A folder lesson that can't be laid out is one to fix.
            if u.origin == "built-in" {
                String::new()
            } else {
                edit_link(w, &u.origin, "")
            },
        );
    }
    // A file that never read has no title yet: its name stands for it.
    for b in &catalog.broken {
        let _ = writeln!(
            body,
            "<li class=\"card\"><span class=\"title\">{}</span>\
             <span class=\"note\">{}</span>{}</li>",
            esc(&b.file),
            esc(&(w.folder.broken)(b)),
            // A file with errors is one to fix, in the editor.
            edit_link(w, &b.file, ""),
        );
    }
    body.push_str("</ul>\n</section>\n");
}

/// One client's form for `edition` of `entry`, with the preview beside it;
/// filled in with `filled` (the fields of the form as it was before its
/// language changed), or empty with today's date. `generation` is the
/// reading of the folder it is made from, for the page to follow it.
pub fn form(
    w: &Words,
    entry: &Entry,
    edition: &Edition,
    generation: u64,
    today: time::Date,
    filled: &[(String, String)],
) -> String {
    let value = |key: &str| filled.iter().find(|(k, _)| k == key).map(|(_, v)| esc(v));
    let has = |key: &str, v: &str| filled.iter().any(|(k, x)| k == key && x == v);
    let checked = |on: bool| if on { " checked" } else { "" };
    let id = esc(&entry.id);
    let lang = edition.lesson.language;
    let mut b = String::new();
    let _ = write!(
        b,
        "<main class=\"two\">\n<section class=\"controls\">\n<h1 lang=\"{}\">{}</h1>\n\
         {}\
         <form id=\"sheet\" method=\"post\" action=\"/lessons/{id}/pdf\" \
         data-preview=\"/lessons/{id}/preview\" data-edition=\"/lessons/{id}\" \
         data-file=\"{id}.pdf\" data-generation=\"{generation}\" novalidate>\n",
        lang.code(),
        esc(&edition.lesson.title.to_plain()),
        file_notes(w, entry),
    );
    language_choice(w, &mut b, entry, lang);
    person_fields(w, &mut b, &value, today);
    scenario_choice(w, &mut b, edition, &has);
    let a4 = has("paper", "a4");
    let _ = write!(
        b,
        "<fieldset><legend>{}</legend><ul class=\"checks\">\
         <li><input type=\"radio\" id=\"paper-letter\" name=\"paper\" value=\"letter\"{}>\
         <label for=\"paper-letter\">{}</label></li>\
         <li><input type=\"radio\" id=\"paper-a4\" name=\"paper\" value=\"a4\"{}>\
         <label for=\"paper-a4\">A4</label></li></ul></fieldset>\n\
         <ul class=\"checks\">\
         <li><input type=\"checkbox\" id=\"large_print\" name=\"large_print\"{}>\
         <label for=\"large_print\">{}</label></li>\
         <li><input type=\"checkbox\" id=\"fillable\" name=\"fillable\"{}>\
         <label for=\"fillable\">{}</label></li></ul>\n\
         <p class=\"error\" id=\"form-error\" role=\"alert\"></p>\n\
         <p class=\"actions\"><button type=\"submit\" id=\"download\">{}</button> \
         <button type=\"button\" id=\"print\">{}</button></p>\n</form>\n",
        text(w.form_paper_legend),
        checked(!a4),
        text(w.form_paper_letter),
        checked(a4),
        checked(has("large_print", "on")),
        text(w.form_large_print),
        checked(has("fillable", "on")),
        text(w.form_fillable),
        text(w.form_download),
        text(w.form_print),
    );
    let _ = write!(
        b,
        "<p><a href=\"/lessons/{id}/page?lang={}\">{}</a> · \
         <a href=\"/\">{}</a></p>\n</section>\n\
         <section class=\"preview\" aria-labelledby=\"preview-title\">\n\
         <h2 id=\"preview-title\">{}</h2>\n\
         <div id=\"preview\" aria-live=\"polite\" aria-busy=\"true\"></div>\n</section>\n</main>\n",
        lang.code(),
        text(w.form_web_page),
        text(w.form_all_lessons),
        text(w.form_preview_heading),
    );
    shell(
        w,
        &format!("{} · handout", edition.lesson.title.to_plain()),
        &b,
    )
}

/// Under the form's title: what is wrong with the lesson's files now, and
/// (hidden until it is so) that its file was removed.
fn file_notes(w: &Words, entry: &Entry) -> String {
    let kept: Vec<String> = entry.errors.iter().map(|e| (w.folder.kept)(e)).collect();
    format!(
        "<p class=\"note\" id=\"lesson-note\" role=\"status\"{}>{}</p>\n\
         <p class=\"note\" id=\"lesson-gone\" role=\"alert\" hidden>{}</p>\n",
        if kept.is_empty() { " hidden" } else { "" },
        esc(&kept.join(" ")),
        text(w.folder.removed),
    )
}

/// The form's language: a choice when the lesson has several editions.
fn language_choice(w: &Words, b: &mut String, entry: &Entry, lang: Language) {
    if entry.editions.len() > 1 {
        let _ = write!(
            b,
            "<p><label for=\"lang\">{}</label><select id=\"lang\" name=\"lang\">",
            text(w.form_language_label)
        );
        for e in &entry.editions {
            let l = e.lesson.language;
            let _ = write!(
                b,
                "<option value=\"{0}\"{1} lang=\"{0}\">{2}</option>",
                l.code(),
                if l == lang { " selected" } else { "" },
                language_name(l)
            );
        }
        b.push_str("</select></p>\n");
    } else {
        let _ = write!(
            b,
            "<input type=\"hidden\" name=\"lang\" value=\"{}\">",
            lang.code()
        );
    }
}

/// The client's name, the date and the clinician, each with its hint and
/// a place for its error.
fn person_fields(
    w: &Words,
    b: &mut String,
    value: &dyn Fn(&str) -> Option<String>,
    today: time::Date,
) {
    let field = |b: &mut String, name: &str, label: &str, kind: &str, value: &str, hint: &str| {
        let _ = writeln!(
            b,
            "<p><label for=\"{name}\">{label}</label>\
             <input id=\"{name}\" name=\"{name}\" type=\"{kind}\" value=\"{value}\" \
             autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"{name}-hint {name}-error\">\
             <span class=\"hint\" id=\"{name}-hint\">{}</span>\
             <span class=\"error\" id=\"{name}-error\" role=\"alert\"></span></p>",
            text(hint),
            label = text(label),
        );
    };
    field(
        b,
        "name",
        w.form_name_label,
        "text",
        &value("name").unwrap_or_default(),
        w.form_name_hint,
    );
    field(
        b,
        "date",
        w.form_date_label,
        "date",
        &value("date").unwrap_or_else(|| today.to_string()),
        w.form_date_hint,
    );
    field(
        b,
        "clinician",
        w.form_clinician_label,
        "text",
        &value("clinician").unwrap_or_default(),
        w.form_clinician_hint,
    );
}

/// The lesson's scenarios to choose from, if it has any.
fn scenario_choice(w: &Words, b: &mut String, edition: &Edition, has: &dyn Fn(&str, &str) -> bool) {
    let checked = |on: bool| if on { " checked" } else { "" };
    if !edition.scenarios.is_empty() {
        // The scenarios' titles are the lesson's words, in its language.
        let _ = write!(
            b,
            "<fieldset><legend>{}</legend>\
             <p class=\"hint\" id=\"scenario-hint\">{}</p>\n\
             <ul class=\"checks\" lang=\"{}\">\n",
            text(w.form_scenarios_legend),
            text(w.form_scenarios_hint),
            edition.lesson.language.code(),
        );
        for (sid, title) in &edition.scenarios {
            let _ = writeln!(
                b,
                "<li><input type=\"checkbox\" id=\"sc-{0}\" name=\"scenario\" value=\"{0}\"{2}>\
                 <label for=\"sc-{0}\">{1}</label></li>",
                esc(sid),
                esc(title),
                checked(has("scenario", sid)),
            );
        }
        b.push_str(
            "</ul><span class=\"error\" id=\"scenario-error\" role=\"alert\"></span></fieldset>\n",
        );
    }
}

const STYLE: &str = "
:root{--ink:#1b1b1b;--muted:#454545;--rule:#767676;--soft:#f4f2ee;--accent:#1f4e79;--bad:#a3141b}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;color:var(--ink);background:#fff;font:1.0625rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif}
.bar{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:baseline;padding:.6rem 1.25rem;border-bottom:1px solid #d6d6d6;background:var(--soft)}
@media (max-width:40rem){.bar span{order:3;flex-basis:100%}}
.bar a{font-weight:700;color:var(--ink);text-decoration:none}
.bar span{color:var(--muted);font-size:.95rem}
.bar nav{display:flex;gap:1rem}
.bar nav a{font-weight:400;color:var(--accent);text-decoration:underline}
.ui-lang{margin-left:auto;display:flex;gap:.3rem}
.ui-lang button{font-weight:400;font-size:.9rem;padding:.15rem .5rem;border-width:1px;background:#fff;color:var(--accent)}
.ui-lang button[aria-pressed=true]{background:var(--accent);color:#fff}
.narrow{max-width:46rem}
#report ul{padding-left:1.2rem}
#report li{margin:.3rem 0;white-space:pre-wrap}
progress{width:100%;height:1.2rem}
.ok{color:#1d5e2a;font-weight:600}
main{padding:1rem 1.25rem 3rem;max-width:80rem;margin:0 auto}
h1{font-size:1.75rem;margin:.75rem 0}
.lead{color:var(--muted)}
.gallery{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1.5rem}
.card a{display:flex;flex-direction:column;gap:.5rem;color:var(--ink);text-decoration:none}
.card img{border:1px solid #c8c8c8;box-shadow:0 1px 3px rgba(0,0,0,.12);width:200px;height:auto;background:#fff}
.card .title{font-weight:700;font-size:1.1rem}
.card a:hover .title{text-decoration:underline}
.meta{color:var(--muted);font-size:.95rem}
.note{display:block;color:var(--bad);font-size:.95rem}
.two{display:grid;grid-template-columns:minmax(18rem,26rem) 1fr;gap:2rem;align-items:start}
@media (max-width:52rem){.two{grid-template-columns:1fr}}
label{font-weight:600}
p label{display:block;margin-bottom:.2rem}
input[type=text],input[type=date],select{font:inherit;width:100%;padding:.45rem .55rem;border:1px solid var(--rule);border-radius:.3rem;background:#fff;color:inherit}
input[aria-invalid=true]{border-color:var(--bad);border-width:2px}
.hint{display:block;color:var(--muted);font-size:.9rem}
.error{display:block;color:var(--bad);font-weight:600}
.error:empty{display:none}
fieldset{border:1px solid #d0d0d0;border-radius:.3rem;margin:1rem 0;padding:.5rem .9rem}
legend{font-weight:700;padding:0 .3rem}
ul.checks{list-style:none;padding:0;margin:.4rem 0}
ul.checks li{display:flex;gap:.5rem;align-items:center;margin:.35rem 0}
ul.checks label{font-weight:400}
input[type=checkbox],input[type=radio]{width:1.2rem;height:1.2rem;margin:0}
button{font:inherit;font-weight:600;padding:.55rem 1.1rem;border-radius:.3rem;border:2px solid var(--accent);cursor:pointer}
#download{background:var(--accent);color:#fff}
#print{background:#fff;color:var(--accent)}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.preview{background:#e9e7e2;padding:1rem;border-radius:.4rem;min-height:20rem}
.preview h2{margin:0 0 .75rem;font-size:1.1rem}
#preview{display:flex;flex-direction:column;gap:1rem;align-items:center}
figure.page{margin:0;max-width:100%}
figure.page svg{display:block;max-width:100%;height:auto;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.card a.edit{display:block;width:fit-content;margin-top:.2rem;font-size:.95rem;color:var(--accent);text-decoration:underline}
a.button{display:inline-block;font-weight:600;padding:.45rem 1rem;border-radius:.3rem;border:2px solid var(--accent);text-decoration:none}
figcaption{text-align:center;color:var(--muted);font-size:.9rem;margin-top:.3rem}
";

/// The form's behaviour: the preview follows every change (a moment after
/// typing stops, the newest answer only), problems show beside their
/// fields, Download and Print fetch the PDF. Client details go in request
/// bodies only. The language switch sets its cookie and loads the page
/// again; on the form, by sending the form to be drawn again in the new
/// words, so what was typed stays (and a page drawn from a post is not
/// posted twice, as a reload would).
pub const SCRIPT: &str = r#"(function(){
document.querySelectorAll('.ui-lang button').forEach(function(b){b.addEventListener('click',function(){
document.cookie='ui='+b.dataset.ui+';path=/;max-age=31536000;SameSite=Strict';
var sheet=document.getElementById('sheet');
if(sheet){sheet.action=sheet.dataset.edition;sheet.submit();return;}
location.reload();});});
var form=document.getElementById('sheet');
if(!form)return;
var preview=document.getElementById('preview');
var timer=null,seq=0;
function data(){return new URLSearchParams(new FormData(form));}
function clearErrors(){
document.querySelectorAll('.error').forEach(function(e){e.textContent='';});
document.querySelectorAll('[aria-invalid]').forEach(function(e){e.removeAttribute('aria-invalid');});
}
function showErrors(list){
list.forEach(function(err){
var box=document.getElementById(err.field+'-error')||document.getElementById('form-error');
box.textContent=err.message;
var f=document.getElementById(err.field);
if(f)f.setAttribute('aria-invalid','true');
});
}
function post(url){return fetch(url,{method:'POST',body:data(),headers:{'Content-Type':'application/x-www-form-urlencoded'}});}
function update(){
var my=++seq;
preview.setAttribute('aria-busy','true');
post(form.dataset.preview).then(function(r){
if(my!==seq)return;
if(r.ok)return r.text().then(function(t){if(my!==seq)return;clearErrors();preview.innerHTML=t;preview.setAttribute('aria-busy','false');preview.dataset.shown=String(my);});
if(r.status===404){document.getElementById('lesson-gone').hidden=false;preview.setAttribute('aria-busy','false');return;}
return r.json().then(function(list){if(my!==seq)return;clearErrors();showErrors(list);preview.setAttribute('aria-busy','false');});
});
}
function later(){clearTimeout(timer);timer=setTimeout(update,20);}
form.addEventListener('input',function(e){if(e.target.id!=='lang')later();});
form.addEventListener('change',function(e){
if(e.target.id==='lang'){form.action=form.dataset.edition;form.submit();return;}
later();
});
function pdf(then){
post(form.action).then(function(r){
if(!r.ok)return r.json().then(function(list){clearErrors();showErrors(list);});
return r.blob().then(function(b){clearErrors();then(URL.createObjectURL(b));});
});
}
form.addEventListener('submit',function(e){
e.preventDefault();
pdf(function(url){var a=document.createElement('a');a.href=url;a.download=form.dataset.file;document.body.appendChild(a);a.click();a.remove();});
});
document.getElementById('print').addEventListener('click',function(){pdf(function(url){window.open(url);});});
// The lesson's file changed (see follow.js): the preview again, as filled in.
form.addEventListener('handout:refresh',update);
update();
})();
"#;
