//! `handout serve --lessons DIR` follows the folder: when a lesson, packet
//! or help file in it is created, changed, renamed or removed, by any
//! editor, the folder is read again and the new reading published, and
//! open pages follow without a restart.
//!
//! The pipeline of one change: the folder's watcher (the same debouncer as
//! `handout watch`, on the folder, so an editor's write-a-temporary-file-
//! and-rename save is caught) → [`Folder::read`], which opens only the
//! files whose stamp changed → [`Catalog::with_folder`] (built-in lessons
//! kept as read at start, an unchanged lesson's entry kept) and the group
//! page's shelves → one new [`Offer`], swapped in whole, its generation one
//! more. A page asks `GET /changes` for the generation every half second
//! (`follow.js`, below), and on a new one tells itself so (the
//! `handout:changed` event): the gallery fetches its list again, a form
//! its lesson's title and preview, keeping what was typed.
//!
//! Polled rather than pushed: a stream per open page would hold one of the
//! browser's six connections to the app each, and be cut by the server's
//! idle timeout; a poll is a few hundred bytes on this computer, and a tab
//! out of sight doesn't poll.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use super::catalog::Catalog;
use super::folder::Folder;
use super::group_inputs::Shelves;
use super::{App, Offer};

/// How long the folder must be quiet before it is read again: one save
/// of several steps (write, rename) is read once.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What the app's offer is read from: the built-in lessons, read once, and
/// the folder, as last read.
pub(super) struct Reader {
    builtin: Catalog,
    folder: Folder,
    /// Notes said already, so a reading says only what is new.
    said: BTreeSet<String>,
}

impl Offer {
    /// The first reading: the built-in lessons, and the folder's files
    /// when there is one (with the reader that follows it). Notes on files
    /// left out go to standard error.
    pub(super) fn load(dir: Option<&Path>) -> std::io::Result<(Offer, Option<Reader>)> {
        let builtin = Catalog::builtin();
        let Some(dir) = dir else {
            let shelves = Shelves::load(None, &builtin);
            let offer = Offer {
                catalog: builtin,
                shelves,
            };
            return Ok((offer, None));
        };
        let mut folder = Folder::new(dir);
        folder.read()?;
        let mut reader = Reader {
            builtin,
            folder,
            said: BTreeSet::new(),
        };
        let offer = reader.offer(None);
        Ok((offer, Some(reader)))
    }
}

impl Reader {
    /// The offer as the folder was last read; `before`'s unchanged
    /// lessons kept.
    fn offer(&mut self, before: Option<&Catalog>) -> Offer {
        let mut notes = Vec::new();
        let catalog = Catalog::with_folder(
            &self.builtin,
            &self.folder,
            before.unwrap_or(&self.builtin),
            &mut notes,
        );
        let shelves = Shelves::load(Some(self.folder.dir()), &catalog);
        for n in &notes {
            if !self.said.contains(n) {
                say(n);
            }
        }
        // A note no longer true is said again if it comes true again.
        self.said = notes.into_iter().collect();
        Offer { catalog, shelves }
    }

    /// Read the folder again: the new offer and the files that changed,
    /// or `None` when none did.
    fn again(&mut self, before: &Offer) -> std::io::Result<Option<(Offer, Vec<String>)>> {
        let changed = self.folder.read()?;
        if changed.is_empty() {
            return Ok(None);
        }
        Ok(Some((self.offer(Some(&before.catalog)), changed)))
    }
}

impl App {
    /// Put `offer` in place of the current one: each request after this
    /// takes it; one under way goes on with the one it took.
    fn publish(&self, offer: Offer) {
        *self.offer.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(offer);
    }
}

/// A line on standard error, for whoever started the app in a terminal;
/// never a failure when there is no one to read it (a closed pipe).
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A watch on the folder, ending when it is dropped.
pub(super) type Watch = Debouncer<RecommendedWatcher>;

/// Follow `reader`'s folder for `app` until the watch returned is dropped.
/// A folder that can't be watched is said, and the app goes on showing it
/// as read at start.
pub(super) fn start(app: Arc<App>, reader: Reader) -> Option<Watch> {
    let dir = reader.folder.dir().to_path_buf();
    let reader = Arc::new(Mutex::new(reader));
    let (app2, reader2) = (app.clone(), reader.clone());
    let handler = move |events: DebounceEventResult| {
        // A lost event (an overflowing queue): read again to be sure. A
        // file opened is an event too, and reading opens files: only a
        // stamp that changed makes a new reading.
        let ours = match &events {
            Ok(events) => events
                .iter()
                .any(|e| e.path.extension().is_some_and(|x| x == "toml")),
            Err(_) => true,
        };
        if ours {
            follow(&app2, &reader2);
        }
    };
    let cannot = |e: &dyn std::fmt::Display| {
        say(&format!(
            "note: the lessons folder {} can't be watched ({e}); restart the app to see changes to it",
            dir.display()
        ));
    };
    let mut watch = new_debouncer(DEBOUNCE, handler)
        .map_err(|e| cannot(&e))
        .ok()?;
    if let Err(e) = watch.watcher().watch(&dir, RecursiveMode::NonRecursive) {
        cannot(&e);
        return None;
    }
    // What changed between the first reading and the watch.
    follow(&app, &reader);
    Some(watch)
}

/// Read the folder again and publish what changed, saying so.
fn follow(app: &App, reader: &Mutex<Reader>) {
    let start = Instant::now();
    let mut reader = reader.lock().unwrap_or_else(PoisonError::into_inner);
    match reader.again(&app.offer()) {
        Ok(Some((offer, changed))) => {
            let generation = offer.catalog.generation;
            app.publish(offer);
            say(&format!(
                "read again: {} ({:.1} ms, reading {generation})",
                changed.join(", "),
                start.elapsed().as_secs_f64() * 1e3
            ));
        }
        Ok(None) => {}
        Err(e) => say(&format!(
            "note: the lessons folder can't be read ({e}); the app shows it as it was"
        )),
    }
}

/// `GET /changes`: which reading of the folder the app offers now, as
/// `{"generation": N}`. A page compares it with the one it was made from
/// (its `data-generation`).
pub(super) async fn changes(State(app): State<Arc<App>>) -> Response {
    super::json(
        StatusCode::OK,
        serde_json::json!({ "generation": app.offer().catalog.generation }),
    )
}

/// `follow.js`, on every page: asks for the generation every half second
/// while the page is in sight, and on a new one fires `handout:changed` on
/// the document (its `detail` the generation) for the page to follow.
/// The gallery and a form follow here; another page (an editor's preview)
/// may listen for the event too.
///
/// The gallery fetches itself again and puts the new list in place of the
/// old (scrolled where it was). A form fetches its lesson's blank form for
/// the title, any note on its file and the scenarios (those chosen stay
/// chosen), and asks for its preview again with the fields as they are:
/// nothing typed is lost. If the lesson is gone,
/// the form says so and its buttons wait until it is back. The group page
/// takes the new lists of packets, lessons and help files, what was chosen
/// still chosen where it is still there; a change there asks for the
/// roster to be checked again before its packets are made.
pub const SCRIPT: &str = r#"(function(){
var mark=document.querySelector('[data-generation]');
if(!mark)return;
var known=mark.dataset.generation,busy=false;
function ask(){
if(busy||document.hidden)return;
busy=true;
fetch('/changes').then(function(r){return r.json();}).then(function(j){
busy=false;
var g=String(j.generation);
if(g!==known){known=g;document.dispatchEvent(new CustomEvent('handout:changed',{detail:g}));}
},function(){busy=false;});
}
setInterval(ask,500);
document.addEventListener('visibilitychange',ask);
function page(url){return fetch(url).then(function(r){
return r.text().then(function(t){return {ok:r.ok,doc:new DOMParser().parseFromString(t,'text/html')};});});}
var gallery=document.getElementById('lessons');
if(gallery)document.addEventListener('handout:changed',function(){
page('/').then(function(p){
var fresh=p.doc.getElementById('lessons');
if(p.ok&&fresh){gallery.innerHTML=fresh.innerHTML;gallery.dataset.generation=fresh.dataset.generation;}
});
});
var form=document.getElementById('sheet');
if(form)document.addEventListener('handout:changed',function(){
var lang=form.elements.lang?form.elements.lang.value:'';
page(form.dataset.edition+(lang?'?lang='+encodeURIComponent(lang):'')).then(function(p){
var gone=document.getElementById('lesson-gone');
var buttons=[document.getElementById('download'),document.getElementById('print')];
gone.hidden=p.ok;
buttons.forEach(function(b){b.disabled=!p.ok;});
if(!p.ok)return;
var h1=form.parentNode.querySelector('h1'),fresh=p.doc.querySelector('#sheet');
fresh=fresh&&fresh.parentNode.querySelector('h1');
if(h1&&fresh)h1.textContent=fresh.textContent;
document.title=p.doc.title;
var note=document.getElementById('lesson-note'),newNote=p.doc.getElementById('lesson-note');
if(note&&newNote){note.textContent=newNote.textContent;note.hidden=newNote.hidden;}
scenarios(p.doc.getElementById('sheet'));
form.dispatchEvent(new Event('handout:refresh'));
});
});
var group=document.getElementById('group');
if(group)document.addEventListener('handout:changed',function(){
page('/group').then(function(p){
if(!p.ok)return;
var changed=false;
function list(mine,theirs,keep){
if(!mine||!theirs||mine.innerHTML===theirs.innerHTML)return;
var kept=keep(mine);mine.innerHTML=theirs.innerHTML;kept();changed=true;}
function selected(sel){var was=sel.value;return function(){
if(Array.prototype.some.call(sel.options,function(o){return o.value===was;}))sel.value=was;};}
var packet=document.getElementById('gpacket'),was=packet.value;
list(packet,p.doc.getElementById('gpacket'),selected);
list(document.getElementById('help_file'),p.doc.getElementById('help_file'),selected);
list(document.querySelector('#lesson-choice ul'),p.doc.querySelector('#lesson-choice ul'),function(box){return keepChecked(box,'input');});
// As if chosen again: the lessons enabled or not as the choice says, a
// packet that is gone replaced (with its date order), a new check asked for.
if(changed){var what=group.querySelector('input[name=what]:checked');
if(what)what.dispatchEvent(new Event('change',{bubbles:true}));
if(packet.value!==was)packet.dispatchEvent(new Event('change',{bubbles:true}));}
});
});
// Which of the boxes `sel` finds in `root` are ticked, by value; what it
// gives back ticks the same ones again, once the boxes have been replaced.
function keepChecked(root,sel){
var on=Array.prototype.filter.call(root.querySelectorAll(sel),function(i){return i.checked;}).map(function(i){return i.value;});
return function(){root.querySelectorAll(sel).forEach(function(i){i.checked=on.indexOf(i.value)>=0;});};}
// The lesson's scenarios as they are now, those chosen still chosen.
function scenarios(fresh){
var box=function(f){var i=f&&f.querySelector('input[name=scenario]');return i?i.closest('fieldset'):null;};
var mine=box(form),theirs=box(fresh);
if(!mine&&!theirs)return;
var kept=keepChecked(form,'input[name=scenario]');
if(mine&&theirs)mine.innerHTML=theirs.innerHTML;
else if(mine)mine.remove();
else{var paper=form.querySelector('input[name=paper]').closest('fieldset');form.insertBefore(document.importNode(theirs,true),paper);}
kept();
}
})();
"#;
