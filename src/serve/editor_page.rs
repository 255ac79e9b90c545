//! The lesson editor as a page: the source in a text box with line numbers,
//! what `check` finds (click one to go to its line), the reading grade and
//! the longest sentences, every page of the preview beside it, and Save.
//! Its script ([`SCRIPT`], served as `/editor.js`) asks for the preview a
//! moment after typing stops, shows only the newest answer, and saves.

use std::fmt::Write as _;

use crate::html::esc;

use super::pages::shell;
use super::words::Words;

/// What the editor has open.
pub enum OpenAs<'a> {
    /// A file in the lessons folder, as read, at `version`, when the app's
    /// reading of the folder was `generation` (for the page to follow the
    /// file: see `follow`).
    File { version: &'a str, generation: u64 },
    /// A new lesson, not on disk yet.
    New,
    /// A built-in lesson: read only, saved as a copy under `copy` (a file
    /// name the person may change).
    BuiltIn { copy: &'a str },
}

/// The editor for `source`, named `name` (its file name in the folder,
/// or the built-in file's), written in `lang` when known; `can_save` when
/// there is a lessons folder.
pub fn editor(
    w: &Words,
    name: &str,
    (source, lang): (&str, Option<&str>),
    opened: &OpenAs,
    can_save: bool,
) -> String {
    let e = w.editor;
    let (mode, version) = match opened {
        OpenAs::File { version, .. } => ("file", *version),
        OpenAs::New => ("new", ""),
        OpenAs::BuiltIn { .. } => ("copy", ""),
    };
    // Only a file on disk can change under the page.
    let generation = match opened {
        OpenAs::File { generation, .. } => format!(" data-generation=\"{generation}\""),
        _ => String::new(),
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<main class=\"editor\">\n<section class=\"source\" aria-labelledby=\"editor-title\">\n\
         <h1 id=\"editor-title\">{}</h1>\n",
        esc(&(e.title)(name))
    );
    match opened {
        OpenAs::New => {
            let _ = writeln!(
                b,
                "<p class=\"hint\" id=\"not-saved\">{}</p>",
                esc(&(e.not_saved_yet)(name))
            );
        }
        OpenAs::BuiltIn { .. } => {
            let _ = writeln!(b, "<p class=\"hint\">{}</p>", esc(e.read_only));
        }
        OpenAs::File { .. } => {
            let _ = writeln!(
                b,
                "<p class=\"hint\">{}: <code>{}</code></p>",
                esc(e.file_label),
                esc(name)
            );
        }
    }
    let _ = write!(
        b,
        "<form id=\"editor\" data-name=\"{}\" data-version=\"{}\" data-mode=\"{mode}\"{generation} novalidate>\n\
         <label for=\"source\">{}</label>\
         <span class=\"hint\" id=\"source-hint\">{}</span>\n\
         <div class=\"code\"><pre id=\"gutter\" aria-hidden=\"true\"></pre>\
         <textarea id=\"source\" name=\"source\" spellcheck=\"false\" autocomplete=\"off\" \
         wrap=\"off\" rows=\"28\" aria-describedby=\"source-hint\"{}{}>{}</textarea></div>\n",
        esc(name),
        esc(version),
        esc(e.source_label),
        esc(e.source_hint),
        lang.map_or(String::new(), |l| format!(" lang=\"{}\"", esc(l))),
        if matches!(opened, OpenAs::BuiltIn { .. }) {
            " readonly"
        } else {
            ""
        },
        esc(source),
    );
    save_controls(w, &mut b, opened, can_save);
    findings_section(w, &mut b);
    let _ = write!(
        b,
        "</section>\n<section class=\"preview\" aria-labelledby=\"preview-title\">\n\
         <h2 id=\"preview-title\">{}</h2>\n\
         <div id=\"preview\" aria-busy=\"true\"></div>\n</section>\n</main>\n\
         <script src=\"/editor.js\" defer></script>\n<style>{STYLE}</style>\n",
        esc(e.preview_heading),
    );
    shell(w, &format!("{} · handout", (e.title)(name)), &b)
}

/// There is no folder to save in: how to start the app with one, the
/// command as code.
fn no_folder(w: &Words) -> String {
    let e = w.editor;
    esc(e.no_folder).replace(
        "{command}",
        &format!("<code>{}</code>", esc(e.start_command)),
    )
}

/// Save (or Save a copy, with the copy's name), and where its answer
/// shows; without a folder, the sentence that says how to have one.
fn save_controls(w: &Words, b: &mut String, opened: &OpenAs, can_save: bool) {
    let e = w.editor;
    if !can_save {
        let no_folder = no_folder(w);
        let _ = writeln!(
            b,
            "<p class=\"note\" id=\"no-folder\">{no_folder}</p>\n</form>"
        );
        return;
    }
    let button = if let OpenAs::BuiltIn { copy } = opened {
        let _ = writeln!(
            b,
            "<p><label for=\"copy-name\">{}</label>\
             <input type=\"text\" id=\"copy-name\" value=\"{}\" spellcheck=\"false\" \
             autocomplete=\"off\" aria-describedby=\"copy-name-hint\">\
             <span class=\"hint\" id=\"copy-name-hint\">{}</span></p>",
            esc(e.copy_name_label),
            esc(copy),
            esc(e.copy_name_hint),
        );
        e.save_copy
    } else {
        e.save
    };
    let _ = writeln!(
        b,
        "<p class=\"actions\"><button type=\"submit\" id=\"save\">{}</button></p>\n\
         <p id=\"save-result\" role=\"status\" aria-live=\"polite\"></p>\n</form>",
        esc(button)
    );
}

/// What the check finds, the reading grade and the longest sentences,
/// filled in by the script; the words it needs, as data.
fn findings_section(w: &Words, b: &mut String) {
    let e = w.editor;
    let words = serde_json::json!({
        "error": e.error,
        "warning": e.warning,
        "note": e.note,
        "none": e.no_findings,
        "notParsed": e.not_parsed,
        "saving": e.saving,
        "badRequest": e.bad_request,
        "reloaded": e.reloaded_from_disk,
        "changedOnDisk": e.changed_under_you,
        "removedOnDisk": e.removed_on_disk,
    })
    .to_string()
    .replace('<', "\\u003c");
    let _ = write!(
        b,
        "<section class=\"findings\" aria-labelledby=\"findings-title\">\n\
         <h2 id=\"findings-title\">{}</h2>\n\
         <p id=\"parse-status\" class=\"error\" role=\"alert\"></p>\n\
         <ul id=\"findings\" aria-live=\"polite\"></ul>\n\
         <p id=\"grade\"></p>\n\
         <h3>{}</h3>\n<ol id=\"longest\"></ol>\n</section>\n\
         <script type=\"application/json\" id=\"editor-words\">{words}</script>\n",
        esc(e.findings_heading),
        esc(e.longest_heading),
    );
}

/// The lesson files in the folder (`names`), each opening in the editor;
/// or, without a folder, how to have one.
pub fn files(w: &Words, names: Option<&[String]>) -> String {
    let e = w.editor;
    let mut b = format!(
        "<main class=\"narrow\">\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n\
         <p><a class=\"button\" href=\"/edit/new\">{}</a></p>\n",
        esc(e.files_link),
        esc(e.files_lead),
        esc(e.new_lesson),
    );
    match names {
        None => {
            let _ = writeln!(b, "<p class=\"note\" id=\"no-folder\">{}</p>", no_folder(w));
        }
        Some([]) => {
            let _ = writeln!(b, "<p>{}</p>", esc(e.files_none));
        }
        Some(names) => {
            b.push_str("<ul class=\"files\">\n");
            for n in names {
                let _ = writeln!(
                    b,
                    "<li><a href=\"/edit/{0}\"><code>{0}</code></a></li>",
                    esc(n)
                );
            }
            b.push_str("</ul>\n");
        }
    }
    b.push_str("</main>\n");
    shell(w, &format!("{} · handout", e.files_link), &b)
}

/// A new lesson: its title, then the editor with the outline.
pub fn start(w: &Words, can_save: bool) -> String {
    let e = w.editor;
    let mut b = format!(
        "<main class=\"narrow\">\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n",
        esc(e.new_lesson),
        esc(e.new_lead),
    );
    if !can_save {
        let _ = writeln!(b, "<p class=\"note\" id=\"no-folder\">{}</p>", no_folder(w));
    }
    let _ = write!(
        b,
        "<form method=\"get\" action=\"/edit/new\">\n\
         <p><label for=\"title\">{}</label>\
         <input type=\"text\" id=\"title\" name=\"title\" required autocomplete=\"off\" \
         aria-describedby=\"title-hint\">\
         <span class=\"hint\" id=\"title-hint\">{}</span></p>\n\
         <p class=\"actions\"><button type=\"submit\" id=\"start\">{}</button></p>\n</form>\n</main>\n",
        esc(e.new_title_label),
        esc(e.new_title_hint),
        esc(e.new_start),
    );
    shell(w, &format!("{} · handout", e.new_lesson), &b)
}

const STYLE: &str = "
main.editor{max-width:110rem;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem;align-items:start}
main.editor .preview{position:sticky;top:1rem;max-height:calc(100vh - 2rem);overflow:auto}
@media (max-width:60rem){main.editor{grid-template-columns:1fr}main.editor .preview{position:static;max-height:none}}
.code{display:flex;border:1px solid var(--rule);border-radius:.3rem;background:#fff;margin:.3rem 0 .6rem}
.code pre,.code textarea{font:.9rem/1.45 ui-monospace,'SF Mono',Menlo,Consolas,'Liberation Mono',monospace;margin:0;padding:.5rem .6rem;height:min(36rem,55vh)}
.code pre{overflow:hidden;text-align:right;color:var(--muted);background:var(--soft);border-right:1px solid #d6d6d6;min-width:3.2rem;user-select:none}
.code textarea{flex:1;border:0;resize:vertical;color:inherit;background:transparent;tab-size:2;white-space:pre;overflow:auto}
.code textarea[readonly]{background:#fafaf8}
#save{background:var(--accent);color:#fff}
#save-result:empty{display:none}
#save-result.refused{color:var(--bad);font-weight:600}
#save-result.saved{color:#1d5e2a;font-weight:600}
.findings h2{font-size:1.2rem;margin:1.2rem 0 .4rem}
.findings h3{font-size:1rem;margin:.8rem 0 .3rem}
#findings{list-style:none;padding:0;margin:0}
#findings li{margin:.35rem 0;padding:.35rem .5rem;border-left:4px solid var(--rule);background:var(--soft)}
#findings li.error{border-color:var(--bad)}
#findings li.warning{border-color:#8a5a00}
#findings button{font:inherit;font-weight:600;padding:0;border:0;background:none;color:var(--accent);text-decoration:underline;cursor:pointer}
#findings .hint{display:inline;font-size:inherit}
#parse-status:empty{display:none}
#longest li{margin:.25rem 0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95em}
";

/// The editor's behaviour: line numbers, the preview and findings a moment
/// after typing stops (30 ms: with the request, well inside the 100 ms a
/// keystroke may take to show; the newest answer only), a finding's place
/// as a jump to its line, Save with its answer, and the browser's own
/// question before leaving a page with changes not saved.
pub const SCRIPT: &str = r#"(function(){
var form=document.getElementById('editor');
if(!form)return;
var src=document.getElementById('source'),gutter=document.getElementById('gutter');
var preview=document.getElementById('preview'),list=document.getElementById('findings');
var grade=document.getElementById('grade'),longest=document.getElementById('longest');
var status=document.getElementById('parse-status'),result=document.getElementById('save-result');
var words=JSON.parse(document.getElementById('editor-words').textContent);
var timer=null,seq=0;
function numbers(){
var n=src.value.split('\n').length;
if(gutter.dataset.n===String(n))return;
var s='';for(var i=1;i<=n;i++)s+=i+'\n';
gutter.textContent=s;gutter.dataset.n=String(n);
}
src.addEventListener('scroll',function(){gutter.scrollTop=src.scrollTop;});
function goTo(line){
var lines=src.value.split('\n'),start=0;
for(var i=0;i<line-1&&i<lines.length;i++)start+=lines[i].length+1;
var end=start+(lines[line-1]||'').length;
src.focus();src.setSelectionRange(start,end);
var lh=parseFloat(getComputedStyle(src).lineHeight)||20;
src.scrollTop=Math.max(0,(line-4)*lh);gutter.scrollTop=src.scrollTop;
}
function item(f){
var li=document.createElement('li');li.className=f.severity;
var what=document.createElement('strong');what.textContent=(words[f.severity]||f.severity)+': ';li.appendChild(what);
if(f.line){var b=document.createElement('button');b.type='button';b.textContent=f.place;b.dataset.line=String(f.line);
b.addEventListener('click',function(){goTo(f.line);});li.appendChild(b);li.appendChild(document.createTextNode(': '));}
li.appendChild(document.createTextNode(f.message));
if(f.hint){var h=document.createElement('span');h.className='hint';h.textContent=' — '+f.hint;li.appendChild(h);}
return li;
}
function show(d){
list.textContent='';
d.findings.forEach(function(f){list.appendChild(item(f));});
if(!d.findings.length){var li=document.createElement('li');li.textContent=words.none;list.appendChild(li);}
status.textContent=d.parsed?'':words.notParsed;
if(d.pages.length){preview.innerHTML=d.pages.map(function(p){return '<figure class="page">'+p+'</figure>';}).join('');}
grade.textContent=d.grade||'';
longest.textContent='';
d.longest.forEach(function(s){var li=document.createElement('li');li.textContent=s.words+': '+s.text;longest.appendChild(li);});
}
function update(){
var my=++seq;
preview.setAttribute('aria-busy','true');
fetch('/edit/preview',{method:'POST',headers:{'Content-Type':'application/json'},
body:JSON.stringify({name:form.dataset.name,source:src.value})}).then(function(r){
if(my!==seq)return;
return r.json().then(function(d){if(my!==seq)return;show(d);preview.setAttribute('aria-busy','false');preview.dataset.shown=String(my);});
});
}
var dirty=false;
window.addEventListener('beforeunload',function(e){if(dirty&&!src.readOnly){e.preventDefault();e.returnValue='';}});
src.addEventListener('input',function(){dirty=true;numbers();clearTimeout(timer);timer=setTimeout(update,30);});
form.addEventListener('submit',function(e){
e.preventDefault();
var copy=document.getElementById('copy-name');
var name=copy?copy.value.trim():form.dataset.name;
result.className='';result.textContent=words.saving;
fetch('/edit/save',{method:'POST',headers:{'Content-Type':'application/json'},
body:JSON.stringify({name:name,source:src.value,version:form.dataset.version||null})}).then(function(r){
return r.json().then(function(d){
result.className=r.ok?'saved':'refused';result.textContent=d.message;
if(!r.ok)return;
dirty=false;
if(form.dataset.mode==='copy'){location.href='/edit/'+encodeURIComponent(name);return;}
form.dataset.version=d.version;form.dataset.mode='file';form.dataset.name=name;
var pending=document.getElementById('not-saved');if(pending)pending.remove();
if(location.pathname!=='/edit/'+name)history.replaceState(null,'','/edit/'+encodeURIComponent(name));
});
},function(){result.className='refused';result.textContent=words.badRequest;});
});
// The file changed on disk (follow.js tells): with nothing typed since
// it was opened or saved, the page takes the new version; else it says so
// and keeps what was typed (a Save would be refused).
if(form.dataset.mode==='file')document.addEventListener('handout:changed',function(){
var name=form.dataset.name;
fetch('/edit/'+encodeURIComponent(name)+'/source').then(function(r){
if(r.status===404){result.className='refused';result.textContent=words.removedOnDisk;return;}
if(!r.ok)return;
return r.json().then(function(d){
if(d.version===form.dataset.version||form.dataset.name!==name)return;
if(dirty){result.className='refused';result.textContent=words.changedOnDisk;return;}
src.value=d.source;form.dataset.version=d.version;numbers();update();
result.className='saved';result.textContent=words.reloaded;
});
});
});
numbers();
update();
})();
"#;
