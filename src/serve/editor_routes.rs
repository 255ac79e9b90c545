//! The editor's addresses: `GET /edit` (the folder's lesson files),
//! `GET /edit/{name}` (a folder lesson by file
//! name, or a built-in by id), `GET /edit/new` (a title, then the outline),
//! `POST /edit/preview` (the keystroke path: source in, findings and
//! pages out, as JSON), `POST /edit/save`, and `/editor.js`. All sit behind
//! the app's guard, so a page from anywhere else is refused.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::editor::{self, Refusal};
use super::editor_page::{self, OpenAs};
use super::words::{Ui, Words};
use super::{App, html, javascript, json, not_found};
use crate::cache::Cache;

/// What the editor keeps: the folder it saves in, the work its previews
/// share, and a lock so two saves never interleave. (The gallery learns of
/// a save as of any other change to the folder: see `follow`.)
pub(super) struct Editing {
    /// The lessons folder, resolved once when the app starts.
    dir: Option<PathBuf>,
    cache: Arc<Cache>,
    saving: std::sync::Mutex<()>,
}

impl Editing {
    /// For `dir`, the folder given to `--lessons`: resolved now (a link to
    /// it followed once), so a link swapped in later is never followed.
    pub(super) fn new(dir: Option<&std::path::Path>) -> Editing {
        Editing {
            dir: dir.map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf())),
            cache: Arc::default(),
            saving: std::sync::Mutex::new(()),
        }
    }
}

/// The most an editor request may be: a lesson at its largest, written as
/// JSON (every character may take six bytes escaped), and a little more.
const MAX_EDITOR_BODY: usize = crate::lesson::MAX_LESSON_BYTES * 6 + 4096;

pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/editor.js", get(script))
        .route("/edit", get(files))
        .route("/edit/new", get(start))
        .route("/edit/{name}", get(open))
        .route("/edit/{name}/source", get(source_now))
        .route("/edit/preview", post(preview))
        .route("/edit/save", post(save))
        .layer(DefaultBodyLimit::max(MAX_EDITOR_BODY))
}

async fn script() -> Response {
    javascript(editor_page::SCRIPT)
}

/// Every lesson file in the folder, read now.
async fn files(State(app): State<Arc<App>>, Ui(w): Ui) -> Response {
    let dir = app.editing.dir.clone();
    let names = tokio::task::spawn_blocking(move || dir.as_deref().map(editor::lesson_files)).await;
    match names {
        Ok(names) => html(editor_page::files(w, names.as_deref())),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct Title {
    title: Option<String>,
}

/// A title to start from; given one, the editor with the outline.
async fn start(State(app): State<Arc<App>>, Query(q): Query<Title>, Ui(w): Ui) -> Response {
    let can_save = app.editing.dir.is_some();
    match q.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => html(editor_page::start(w, can_save)),
        Some(title) => {
            let name = crate::library::file_name_for(title);
            let source = crate::library::skeleton(title, &name);
            let lang = editor::language_of(&name, &source);
            html(editor_page::editor(
                w,
                &name,
                (&source, lang),
                &OpenAs::New,
                can_save,
            ))
        }
    }
}

#[derive(serde::Deserialize)]
struct Edition {
    lang: Option<String>,
}

/// A folder lesson by its file name (`coping.toml`), read from disk now; a
/// built-in lesson by its id (`?lang=es` for an edition), read only; a
/// folder lesson by its id, sent on to its file.
async fn open(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    Query(q): Query<Edition>,
    Ui(w): Ui,
) -> Response {
    let dir = app.editing.dir.clone();
    let can_save = dir.is_some();
    if name.ends_with(".toml") {
        // Taken before the file is read: a change after it is a change
        // the page hears of.
        let generation = app.offer().catalog.generation;
        let file = name.clone();
        let opened = tokio::task::spawn_blocking(move || {
            editor::open(dir.as_deref(), &file).map(|o| (editor::language_of(&file, &o.source), o))
        })
        .await;
        return match opened {
            Ok(Ok((lang, o))) => html(editor_page::editor(
                w,
                &name,
                (&o.source, lang),
                &OpenAs::File {
                    version: &o.version,
                    generation,
                },
                can_save,
            )),
            Ok(Err(Refusal::Missing | Refusal::BadName)) => not_found(w),
            Ok(Err(r)) => (StatusCode::CONFLICT, html(refused_page(w, &r, &name))).into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
    }
    let language = q
        .lang
        .as_deref()
        .and_then(crate::labels::Language::from_code);
    if let Some(b) = crate::library::find_builtin(&name, language) {
        let copy = match b.language_tag() {
            Some(tag) => format!("{}-copy.{tag}.toml", b.id()),
            None => format!("{}-copy.toml", b.id()),
        };
        return html(editor_page::editor(
            w,
            b.file,
            (b.text, editor::language_of(b.file, b.text)),
            &OpenAs::BuiltIn { copy: &copy },
            can_save,
        ));
    }
    let offer = app.offer();
    match offer.catalog.find(&name, None) {
        Some((entry, _)) if editor::is_lesson_name(&entry.origin) => {
            Redirect::to(&format!("/edit/{}", entry.origin)).into_response()
        }
        _ => not_found(w),
    }
}

/// A folder lesson's file as it is on disk now, `{ version, source }`,
/// for an open editor whose file changed (404 once it is gone).
async fn source_now(State(app): State<Arc<App>>, Path(name): Path<String>, Ui(w): Ui) -> Response {
    let dir = app.editing.dir.clone();
    let file = name.clone();
    let opened = tokio::task::spawn_blocking(move || editor::open(dir.as_deref(), &file)).await;
    match opened {
        Ok(Ok(o)) => json(
            StatusCode::OK,
            serde_json::json!({ "version": o.version, "source": o.source }),
        ),
        Ok(Err(Refusal::Missing | Refusal::BadName)) => not_found(w),
        Ok(Err(r)) => json(
            StatusCode::CONFLICT,
            serde_json::json!({ "message": r.words(w, &name) }),
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A file the editor can't open, and why.
fn refused_page(w: &Words, r: &Refusal, name: &str) -> String {
    super::pages::shell(
        w,
        w.not_found_title,
        &format!(
            "<main><h1>{}</h1><p>{}</p><p><a href=\"/\">{}</a></p></main>\n",
            crate::html::esc(&(w.editor.title)(name)),
            crate::html::esc(&r.words(w, name)),
            crate::html::esc(w.not_found_link),
        ),
    )
}

#[derive(serde::Deserialize)]
struct Source {
    name: String,
    source: String,
}

/// The keystroke path: the source checked and drawn.
async fn preview(State(app): State<Arc<App>>, Ui(w): Ui, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Source>(&body) else {
        return bad_request(w);
    };
    let cache = app.editing.cache.clone();
    let drawn =
        tokio::task::spawn_blocking(move || editor::preview(w, &req.name, &req.source, &cache))
            .await;
    match drawn.map(serde_json::to_value) {
        Ok(Ok(v)) => json(StatusCode::OK, v),
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct Save {
    name: String,
    source: String,
    /// The version the file was opened at; none for a new file.
    version: Option<String>,
}

/// The source written into the folder, or why not: `{ message, version }`.
async fn save(State(app): State<Arc<App>>, Ui(w): Ui, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<Save>(&body) else {
        return bad_request(w);
    };
    let done = tokio::task::spawn_blocking(move || {
        let editing = &app.editing;
        let version = req.version.as_deref().filter(|v| !v.is_empty());
        let saved = {
            let _one = editing
                .saving
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            editor::save(editing.dir.as_deref(), &req.name, &req.source, version)
        };
        let errors = saved
            .as_ref()
            .ok()
            .map(|_| editor::preview(w, &req.name, &req.source, &editing.cache).errors);
        (req.name, saved, errors)
    })
    .await;
    let Ok((name, saved, errors)) = done else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match saved {
        Ok(version) => {
            let message = match errors {
                Some(n) if n > 0 => (w.editor.saved_with_errors)(&name, n),
                _ => (w.editor.saved)(&name),
            };
            json(
                StatusCode::OK,
                serde_json::json!({ "message": message, "version": version, "name": name }),
            )
        }
        Err(r) => {
            let status = match r {
                Refusal::Changed | Refusal::Exists | Refusal::NoFolder => StatusCode::CONFLICT,
                Refusal::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            json(status, serde_json::json!({ "message": r.words(w, &name) }))
        }
    }
}

fn bad_request(w: &Words) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        serde_json::json!({ "message": w.editor.bad_request }),
    )
}
