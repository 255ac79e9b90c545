//! The group page: a roster; a packet or lessons; the options `handout
//! batch` has; the report, errors apart from notes; progress. Its HTML and
//! its script, apart from the other pages (`pages.rs`). Every word it says
//! comes from [`Words`]: the script's are handed to it in a JSON block.

use std::fmt::Write as _;

use crate::html::esc;

use super::catalog::Catalog;
use super::group_inputs::Shelves;
use super::pages::shell;
use super::words::Words;

/// Typed help lines the page offers at first; "Add a help line" shows the
/// others, up to the three that fit.
const HELP_ROWS: usize = 3;

/// A group's packets: a roster, what to print, options; the report;
/// progress.
pub fn group(w: &Words, catalog: &Catalog, shelves: &Shelves, today: time::Date) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<main class=\"narrow\">\n<h1>{}</h1>\n<p class=\"lead\">{}</p>\n\
         <form id=\"group\" data-generation=\"{}\" novalidate>\n\
         <p><label for=\"roster\">{}</label>\
         <input type=\"file\" id=\"roster\" name=\"roster\" accept=\".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods\" \
         aria-describedby=\"roster-hint\">\
         <span class=\"hint\" id=\"roster-hint\">{}</span></p>\n\
         <p id=\"sheet-choice\" hidden><label for=\"gsheet\">{}</label>\
         <select id=\"gsheet\" name=\"sheet\" disabled aria-describedby=\"sheet-hint\"></select>\
         <span class=\"hint\" id=\"sheet-hint\">{}</span></p>\n",
        esc(w.group_heading),
        esc(w.group_lead),
        catalog.generation,
        esc(w.group_roster_label),
        esc(w.group_roster_hint),
        esc(w.group_sheet_label),
        esc(w.group_sheet_hint),
    );
    what_to_print(&mut b, w, catalog, shelves);
    let _ = write!(
        b,
        "<p><label for=\"gdate\">{}</label>\
         <input type=\"date\" id=\"gdate\" name=\"date\" value=\"{today}\"></p>\n\
         <p><label for=\"gdate-order\">{}</label>\
         <select id=\"gdate-order\" name=\"date_order\">\
         <option value=\"mdy\" selected>{}</option><option value=\"dmy\">{}</option></select></p>\n",
        esc(w.group_date_label),
        esc(w.group_date_order_label),
        esc(w.group_date_order_mdy),
        esc(w.group_date_order_dmy),
    );
    help_lines(&mut b, w, shelves);
    outputs(&mut b, w);
    let _ = write!(
        b,
        "</ul>\n<p class=\"actions\"><button type=\"button\" id=\"check\">{}</button> \
         <button type=\"button\" id=\"make\" disabled>{}</button></p>\n</form>\n\
         <section aria-labelledby=\"report-title\"><h2 id=\"report-title\">{}</h2>\
         <div id=\"report\" aria-live=\"polite\"><p class=\"hint\">{}</p></div>\
         <p><progress id=\"progress\" max=\"1\" value=\"0\" hidden></progress></p></section>\n</main>\n\
         <style>{STYLE}</style>\n\
         <script type=\"application/json\" id=\"group-words\">{}</script>\n\
         <script src=\"/group.js\" defer></script>\n",
        esc(w.group_check),
        esc(w.group_make),
        esc(w.group_report_heading),
        esc(w.group_report_start),
        script_words(w),
    );
    shell(w, w.group_title, &b)
}

/// A packet (the folder's and the built-in examples) or lessons chosen one
/// by one.
fn what_to_print(b: &mut String, w: &Words, catalog: &Catalog, shelves: &Shelves) {
    let _ = write!(
        b,
        "<fieldset><legend>{}</legend><ul class=\"checks\">\
         <li><input type=\"radio\" id=\"use-packet\" name=\"what\" value=\"packet\">\
         <label for=\"use-packet\">{}</label></li>\
         <li><input type=\"radio\" id=\"use-lessons\" name=\"what\" value=\"lessons\" checked>\
         <label for=\"use-lessons\">{}</label></li></ul>\n\
         <p id=\"packet-choice\" hidden><label for=\"gpacket\">{}</label>\
         <select id=\"gpacket\" name=\"packet\" disabled aria-describedby=\"packet-hint\">",
        esc(w.group_print_legend),
        esc(w.group_use_packet),
        esc(w.group_use_lessons),
        esc(w.group_packet_label),
    );
    for p in &shelves.packets {
        let _ = write!(
            b,
            "<option value=\"{}\"{}>{}{}</option>",
            esc(&p.key),
            match p.date_order {
                Some(order) => format!(" data-date-order=\"{}\"", order.code()),
                None => String::new(),
            },
            esc(&p.title),
            if p.example {
                format!(" ({})", esc(w.group_packet_example))
            } else {
                format!(" ({})", esc(&p.key))
            },
        );
    }
    let _ = write!(
        b,
        "</select><span class=\"hint\" id=\"packet-hint\">{}</span></p>\n\
         <div id=\"lesson-choice\"><p class=\"sub\">{}</p><ul class=\"checks\">\n",
        esc(w.group_packet_hint),
        esc(w.group_lessons_legend),
    );
    for e in &catalog.entries {
        // Its title in the app's language where it has that edition (each
        // client still gets the edition in their own language).
        let lesson = &e.edition_in(w.language).lesson;
        let _ = writeln!(
            b,
            "<li><input type=\"checkbox\" id=\"l-{0}\" name=\"lesson\" value=\"{0}\">\
             <label for=\"l-{0}\" lang=\"{2}\">{1}</label></li>",
            esc(&e.id),
            esc(&lesson.title.to_plain()),
            lesson.language.code(),
        );
    }
    b.push_str("</ul></div></fieldset>\n");
}

/// The facility's help lines: a saved file, and lines typed in.
fn help_lines(b: &mut String, w: &Words, shelves: &Shelves) {
    let _ = write!(
        b,
        "<fieldset id=\"help\"><legend>{}</legend><p class=\"hint\">{}</p>\
         <span class=\"error\" id=\"help-error\" role=\"alert\"></span>",
        esc(w.group_help_legend),
        esc(w.group_help_hint),
    );
    if !shelves.help_files.is_empty() {
        let _ = write!(
            b,
            "<p><label for=\"help_file\">{}</label><select id=\"help_file\" name=\"help_file\">\
             <option value=\"\">{}</option>",
            esc(w.group_help_file_label),
            esc(w.group_help_file_none),
        );
        for f in &shelves.help_files {
            let _ = write!(b, "<option value=\"{0}\">{0}</option>", esc(&f.name));
        }
        b.push_str(
            "</select><span class=\"error\" id=\"help_file-error\" role=\"alert\"></span></p>",
        );
    }
    let _ = write!(b, "<p class=\"sub\">{}</p>", esc(w.group_help_typed));
    for i in 0..HELP_ROWS {
        let _ = write!(
            b,
            "<div class=\"help-line\" id=\"help-line-{i}\"{}>",
            if i == 0 { "" } else { " hidden" }
        );
        for (key, label) in [
            ("name", w.group_help_name),
            ("phone", w.group_help_phone),
            ("hours", w.group_help_hours),
        ] {
            let _ = write!(
                b,
                "<p><label for=\"help_{key}-{i}\">{}</label>\
                 <input type=\"text\" id=\"help_{key}-{i}\" name=\"help_{key}\" autocomplete=\"off\" \
                 aria-describedby=\"help_{key}-{i}-error\">\
                 <span class=\"error\" id=\"help_{key}-{i}-error\" role=\"alert\"></span></p>",
                esc(label)
            );
        }
        b.push_str("</div>");
    }
    let _ = writeln!(
        b,
        "<p><button type=\"button\" class=\"quiet\" id=\"help-add\">{}</button></p></fieldset>",
        esc(w.group_help_add)
    );
}

/// What to make (ZIP, one file, a printer) and how: paper, large print,
/// fillable, duplex.
fn outputs(b: &mut String, w: &Words) {
    let radio = |b: &mut String, name: &str, id: &str, value: &str, label: &str, on: bool| {
        let _ = write!(
            b,
            "<li><input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{value}\"{}>\
             <label for=\"{id}\">{}</label></li>",
            if on { " checked" } else { "" },
            esc(label)
        );
    };
    let check = |b: &mut String, id: &str, name: &str, label: &str| {
        let _ = write!(
            b,
            "<li><input type=\"checkbox\" id=\"{id}\" name=\"{name}\">\
             <label for=\"{id}\">{}</label></li>",
            esc(label)
        );
    };
    let _ = write!(
        b,
        "<fieldset><legend>{}</legend><ul class=\"checks\">",
        esc(w.group_output_legend)
    );
    radio(b, "output", "out-zip", "zip", w.group_out_zip, true);
    radio(
        b,
        "output",
        "out-combined-zip",
        "combined_zip",
        w.group_out_combined_zip,
        false,
    );
    radio(
        b,
        "output",
        "out-combined",
        "combined",
        w.group_out_combined,
        false,
    );
    radio(b, "output", "out-print", "print", w.group_out_print, false);
    let _ = write!(
        b,
        "</ul><p id=\"printer-choice\" hidden><label for=\"gprinter\">{}</label>\
         <select id=\"gprinter\" name=\"printer\" aria-describedby=\"printer-hint\"></select>\
         <span class=\"hint\" id=\"printer-hint\"></span></p></fieldset>\n\
         <fieldset><legend>{}</legend><ul class=\"checks\">",
        esc(w.group_printer_label),
        esc(w.group_paper_legend)
    );
    radio(b, "paper", "gpaper-letter", "letter", w.group_letter, true);
    radio(b, "paper", "gpaper-a4", "a4", w.group_a4, false);
    b.push_str("</ul></fieldset>\n<ul class=\"checks\">");
    check(b, "glarge", "large_print", w.group_large_print);
    check(b, "gfillable", "fillable", w.group_fillable);
    check(b, "gduplex", "duplex", w.group_duplex);
    check(b, "gbooklet", "booklet", w.group_booklet);
}

/// The words the script says, as JSON inside a `<script>` block: `<` is
/// escaped so no text can close the block.
fn script_words(w: &Words) -> String {
    serde_json::json!({
        "choose_file": w.group_choose_file,
        "checking": w.group_checking,
        "ready": w.group_ready,
        "ready_one": w.group_ready_one,
        "errors": w.group_errors_heading,
        "notes": w.group_notes_heading,
        "making": w.group_making,
        "made": w.group_made,
        "failed": w.group_failed,
        "not_sent": w.group_not_sent,
        "paused": w.group_printer_paused,
        "refusing": w.group_printer_refusing,
        "print_on": w.group_print_on,
        "default_printer": w.group_default_printer,
        "print_refused": w.group_print_refused,
        "print_sent": w.group_print_sent,
        "made_to_print": w.group_made_to_print,
    })
    .to_string()
    .replace('<', "\\u003c")
}

const STYLE: &str = "
.sub{font-weight:700;margin:.6rem 0 .2rem}
.help-line{border-top:1px solid #e2e0dc;padding-top:.3rem}
.help-line:first-of-type{border-top:0}
button.quiet{background:#fff;color:var(--accent);font-weight:400;padding:.3rem .8rem;border-width:1px}
#make:not([disabled]){background:var(--accent);color:#fff}
#report h3{font-size:1.1rem;margin:1rem 0 .3rem}
#report .errors h3{color:var(--bad)}
#report .notes h3{color:var(--muted)}
#report .errors{border-left:4px solid var(--bad);padding-left:.8rem}
#report .notes{border-left:4px solid #c9c4ba;padding-left:.8rem}
#report .place{font-weight:600}
";

/// The group page's behaviour: check the roster, show the report (errors
/// apart from notes), make the packets with progress, then download them.
/// The roster goes in request bodies only; its words come from the page.
pub const SCRIPT: &str = r#"(function(){
var g=document.getElementById('group');
if(!g)return;
var W=JSON.parse(document.getElementById('group-words').textContent);
var report=document.getElementById('report'),make=document.getElementById('make'),bar=document.getElementById('progress');
function query(){var q=new URLSearchParams(new FormData(g));q.delete('roster');q.delete('what');return q.toString();}
function file(){return document.getElementById('roster').files[0];}
function para(cls,text){var p=document.createElement('p');p.className=cls;p.textContent=text;return p;}
function say(cls,head){report.innerHTML='';if(head)report.appendChild(para(cls,head));}
function list(cls,head,items){
if(!items||!items.length)return;
var s=document.createElement('div');s.className=cls;
var h=document.createElement('h3');h.textContent=head;s.appendChild(h);
var ul=document.createElement('ul');
items.forEach(function(f){var li=document.createElement('li');
if(f.place){var b=document.createElement('span');b.className='place';b.textContent=f.place+': ';li.appendChild(b);}
li.appendChild(document.createTextNode(f.text));ul.appendChild(li);});
s.appendChild(ul);report.appendChild(s);}
function findings(j){list('errors',W.errors,j.errors);list('notes',W.notes,j.notes);}
function clearFields(){
g.querySelectorAll('.error').forEach(function(e){e.textContent='';});
g.querySelectorAll('[aria-invalid]').forEach(function(e){e.removeAttribute('aria-invalid');});}
function fields(list){(list||[]).forEach(function(f){
var box=document.getElementById(f.field+'-error')||document.getElementById('help-error');
if(box)box.textContent=f.message;
var el=document.getElementById(f.field);if(el)el.setAttribute('aria-invalid','true');});}
function send(path){var no={ok:false,j:{errors:[{text:W.not_sent}]}};
return fetch(path+'?'+query(),{method:'POST',body:file()}).then(function(r){return r.json().then(function(j){return {ok:r.ok,j:j};},function(){return no;});},function(){return no;});}
var choice=document.getElementById('sheet-choice'),sheet=document.getElementById('gsheet');
function sheets(list){var had=sheet.value;sheet.innerHTML='';
if(!list||list.length<2){choice.hidden=true;sheet.disabled=true;return;}
list.forEach(function(n){var o=document.createElement('option');o.value=n;o.textContent=n;if(n===had){o.selected=true;}sheet.appendChild(o);});
sheet.disabled=false;choice.hidden=false;}
var packet=document.getElementById('gpacket'),packetChoice=document.getElementById('packet-choice'),lessons=document.getElementById('lesson-choice');
function what(){var p=document.getElementById('use-packet').checked;
packetChoice.hidden=!p;packet.disabled=!p;lessons.hidden=p;
lessons.querySelectorAll('input').forEach(function(i){i.disabled=p;});}
document.querySelectorAll('input[name=what]').forEach(function(r){r.addEventListener('change',what);});
packet.addEventListener('change',function(){var o=packet.options[packet.selectedIndex];
if(o)document.getElementById('gdate-order').value=o.dataset.dateOrder||'mdy';});
what();
var duplex=document.getElementById('gduplex'),chosen=duplex.checked;
function output(){var zip=document.getElementById('out-zip').checked;
if(zip){if(duplex.disabled)duplex.checked=chosen;duplex.disabled=false;}
else{if(!duplex.disabled)chosen=duplex.checked;duplex.checked=true;duplex.disabled=true;}}
var printers=document.getElementById('gprinter'),printerChoice=document.getElementById('printer-choice'),asked=false;
function printing(){var on=document.getElementById('out-print').checked;printerChoice.hidden=!on;
if(!on||asked)return;asked=true;
fetch('/printers').then(function(r){return r.json();}).then(function(j){
if(j.problems){document.getElementById('printer-hint').textContent=j.problems.join(' ');return;}
j.printers.forEach(function(p){var o=document.createElement('option');o.value=p.name;o.textContent=p.name+(p.paused?W.paused:p.accepting?'':W.refusing);o.selected=p.default;printers.appendChild(o);});});}
function printButton(t){var b=document.createElement('button');b.type='button';b.id='send-print';b.textContent=W.print_on.replace('{printer}',printers.value||W.default_printer);report.appendChild(b);
b.addEventListener('click',function(){b.disabled=true;
fetch('/group/'+t+'/print?'+new URLSearchParams({printer:printers.value}),{method:'POST'}).then(function(r){return r.json().then(function(j){
if(!r.ok){say('error',W.print_refused);list('errors',W.errors,(j.problems||[]).map(function(p){return {text:p};}));printButton(t);return;}
say('ok',W.print_sent.replace('{printer}',j.printer).replace('{job}',j.job));});});});}
document.querySelectorAll('input[name=output]').forEach(function(r){r.addEventListener('change',output);r.addEventListener('change',printing);});
output();printing();
var shown=1;
document.getElementById('help-add').addEventListener('click',function(){
var next=document.getElementById('help-line-'+shown);if(next){next.hidden=false;shown++;next.querySelector('input').focus();}
if(!document.getElementById('help-line-'+shown))this.hidden=true;});
document.getElementById('roster').addEventListener('change',function(){sheets([]);});
sheet.addEventListener('change',function(){document.getElementById('check').click();});
g.addEventListener('change',function(){make.disabled=true;});
g.addEventListener('input',function(){make.disabled=true;});
function ready(j){var n=j.clients;return n===1?W.ready_one:W.ready.replace('{n}',n);}
document.getElementById('check').addEventListener('click',function(){
make.disabled=true;clearFields();
if(!file()){say('error',W.choose_file);return;}
say('hint',W.checking);
send('/group/check').then(function(r){
sheets(r.j.sheets);
if(!r.ok){say();fields(r.j.fields);findings(r.j);return;}
say('ok',ready(r.j));findings(r.j);
make.disabled=false;});
});
make.addEventListener('click',function(){
make.disabled=true;
send('/group/start').then(function(r){
if(!r.ok){say();fields(r.j.fields);findings(r.j);return;}
var t=r.j.token;bar.hidden=false;bar.max=r.j.total;bar.value=0;
(function poll(){fetch('/group/'+t).then(function(x){return x.json();}).then(function(p){
bar.value=p.done;say('hint',W.making.replace('{done}',p.done).replace('{total}',p.total));
if(p.too_large){say('error',p.problem);return;}
if(p.problem){say('error',W.failed);list('errors',W.errors,[{text:p.problem}]);return;}
if(!p.ready){setTimeout(poll,250);return;}
if(g.elements.output.value==='print'){say('ok',W.made_to_print.replace('{total}',p.total));printButton(t);return;}
say('ok',W.made.replace('{total}',p.total));
var a=document.createElement('a');a.href='/group/'+t+'/file';document.body.appendChild(a);a.click();a.remove();
});})();
});
});
})();
"#;
