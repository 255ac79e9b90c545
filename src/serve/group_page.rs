//! The group page: a roster, lessons, options; the report; progress. Its
//! HTML and its script, apart from the other pages (`pages.rs`).

use std::fmt::Write as _;

use crate::html::esc;

use super::catalog::Catalog;
use super::pages::shell;
use super::words::Words;

/// A group's packets: a roster, lessons, options; the report; progress.
pub fn group(w: &Words, catalog: &Catalog, today: time::Date) -> String {
    let mut b = String::from(
        "<main class=\"narrow\">\n<h1>A group's packets</h1>\n\
         <p class=\"lead\">A packet for every client on a roster: the roster is checked first, \
         row by row, then the packets are made on this computer. The roster is read here and \
         kept nowhere.</p>\n<form id=\"group\" novalidate>\n\
         <p><label for=\"roster\">Roster (CSV, or an Excel workbook)</label>\
         <input type=\"file\" id=\"roster\" name=\"roster\" accept=\".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods\" \
         aria-describedby=\"roster-hint\">\
         <span class=\"hint\" id=\"roster-hint\">A column called name (or First Name and Last Name); \
         id, date, clinician, language and scenarios if you have them.</span></p>\n\
         <p id=\"sheet-choice\" hidden><label for=\"gsheet\">Sheet</label>\
         <select id=\"gsheet\" name=\"sheet\" disabled aria-describedby=\"sheet-hint\"></select>\
         <span class=\"hint\" id=\"sheet-hint\">The workbook has more than one sheet: \
         choose the one with the clients. Hidden sheets are not offered.</span></p>\n\
         <fieldset><legend>Lessons</legend><ul class=\"checks\">\n",
    );
    for e in &catalog.entries {
        let _ = writeln!(
            b,
            "<li><input type=\"checkbox\" id=\"l-{0}\" name=\"lesson\" value=\"{0}\">\
             <label for=\"l-{0}\">{1}</label></li>",
            esc(&e.id),
            esc(&e.title())
        );
    }
    let _ = write!(
        b,
        "</ul></fieldset>\n\
         <p><label for=\"gdate\">Date for rows without one</label>\
         <input type=\"date\" id=\"gdate\" name=\"date\" value=\"{today}\"></p>\n\
         <fieldset><legend>What to download</legend><ul class=\"checks\">\
         <li><input type=\"radio\" id=\"out-zip\" name=\"output\" value=\"zip\" checked>\
         <label for=\"out-zip\">A ZIP of one PDF per client, with a manifest</label></li>\
         <li><input type=\"radio\" id=\"out-combined\" name=\"output\" value=\"combined\">\
         <label for=\"out-combined\">One file to print double-sided (each packet starts on a front)</label></li>\
         </ul></fieldset>\n\
         <fieldset><legend>Paper</legend><ul class=\"checks\">\
         <li><input type=\"radio\" id=\"gpaper-letter\" name=\"paper\" value=\"letter\" checked>\
         <label for=\"gpaper-letter\">Letter</label></li>\
         <li><input type=\"radio\" id=\"gpaper-a4\" name=\"paper\" value=\"a4\">\
         <label for=\"gpaper-a4\">A4</label></li></ul></fieldset>\n\
         <ul class=\"checks\"><li><input type=\"checkbox\" id=\"glarge\" name=\"large_print\">\
         <label for=\"glarge\">Large print</label></li></ul>\n\
         <p class=\"actions\"><button type=\"button\" id=\"check\">Check the roster</button> \
         <button type=\"button\" id=\"make\" disabled>Make the packets</button></p>\n</form>\n\
         <section aria-labelledby=\"report-title\"><h2 id=\"report-title\">Report</h2>\
         <div id=\"report\" aria-live=\"polite\"><p class=\"hint\">Choose a roster and lessons, \
         then check the roster.</p></div>\
         <p><progress id=\"progress\" max=\"1\" value=\"0\" hidden></progress></p></section>\n</main>\n\
         <script src=\"/group.js\" defer></script>\n"
    );
    shell(w, "A group's packets · handout", &b)
}

/// The group page's behaviour: check the roster, show the report, make the
/// packets with progress, then download them. The roster goes in request
/// bodies only.
pub const SCRIPT: &str = r#"(function(){
var g=document.getElementById('group');
if(!g)return;
var report=document.getElementById('report'),make=document.getElementById('make'),bar=document.getElementById('progress');
function query(){var q=new URLSearchParams(new FormData(g));q.delete('roster');return q.toString();}
function file(){return document.getElementById('roster').files[0];}
function say(cls,lines,head){report.innerHTML='';if(head){var p=document.createElement('p');p.className=cls;p.textContent=head;report.appendChild(p);}
if(lines&&lines.length){var ul=document.createElement('ul');lines.forEach(function(l){var li=document.createElement('li');li.textContent=l;ul.appendChild(li);});report.appendChild(ul);}}
function send(path){return fetch(path+'?'+query(),{method:'POST',body:file()}).then(function(r){return r.json().then(function(j){return {ok:r.ok,j:j};});});}
var choice=document.getElementById('sheet-choice'),sheet=document.getElementById('gsheet');
function sheets(list){var had=sheet.value;sheet.innerHTML='';
if(!list||list.length<2){choice.hidden=true;sheet.disabled=true;return;}
list.forEach(function(n){var o=document.createElement('option');o.value=n;o.textContent=n;if(n===had){o.selected=true;}sheet.appendChild(o);});
sheet.disabled=false;choice.hidden=false;}
document.getElementById('roster').addEventListener('change',function(){sheets([]);});
sheet.addEventListener('change',function(){document.getElementById('check').click();});
g.addEventListener('change',function(){make.disabled=true;});
document.getElementById('check').addEventListener('click',function(){
make.disabled=true;
if(!file()){say('error',[],'Choose the roster file first.');return;}
say('hint',[],'Checking…');
send('/group/check').then(function(r){
sheets(r.j.sheets);
if(!r.ok){say('error',r.j.problems,'The roster needs fixing before packets can be made:');return;}
say('ok',r.j.warnings,r.j.clients+' clients, ready to print.'+(r.j.warnings.length?' Worth a look:':''));
make.disabled=false;});
});
make.addEventListener('click',function(){
make.disabled=true;
send('/group/start').then(function(r){
if(!r.ok){say('error',r.j.problems,'The roster needs fixing before packets can be made:');return;}
var t=r.j.token;bar.hidden=false;bar.max=r.j.total;bar.value=0;
(function poll(){fetch('/group/'+t).then(function(x){return x.json();}).then(function(p){
bar.value=p.done;say('hint',[],'Made '+p.done+' of '+p.total+' packets…');
if(p.too_large){say('error',null,p.problem);return;}
if(p.problem){say('error',[p.problem],'A packet could not be made:');return;}
if(!p.ready){setTimeout(poll,250);return;}
say('ok',[],'All '+p.total+' packets are made; the download has started.');
var a=document.createElement('a');a.href='/group/'+t+'/file';document.body.appendChild(a);a.click();a.remove();
});})();
});
});
})();
"#;
