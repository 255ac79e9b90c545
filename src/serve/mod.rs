//! `handout serve`: the same engine as a small web app on this computer,
//! for people who never open a terminal. A gallery of lessons; for one
//! client, a form with a live preview and a Download button; each lesson as
//! a web page.
//!
//! Safe by default: it listens on 127.0.0.1 only, and answers only requests
//! whose `Host` is that address (or `localhost`) at its port and whose
//! `Origin`, when a browser sends one, is too, so a web page elsewhere can't
//! reach it through the browser (DNS rebinding, cross-site requests).
//! Client details arrive in request bodies, never in addresses (which
//! browsers keep in their history); nothing about a client is logged or
//! written to disk: a group's packets wait in memory (see `group`). Every
//! answer says not to cache it. Bodies, headers, uploads, the runs held
//! and their bytes together are capped; a connection idle for
//! [`IDLE`] is closed. An idle server waits in the kernel and uses no CPU.

mod catalog;
mod editor;
mod editor_page;
mod editor_routes;
mod folder;
mod follow;
mod group;
mod group_inputs;
mod group_page;
mod idle;
mod pages;
mod printing;
mod report;
mod words;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use words::{Ui, Words};

pub use catalog::Catalog;

/// How `serve` runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// 0 picks a free port.
    pub port: u16,
    /// A facility's own lessons, shown beside the built-in ones.
    pub lessons_dir: Option<std::path::PathBuf>,
    /// Open the gallery in the default browser once listening.
    pub open: bool,
    /// The bytes every group's packets may take together; `None` for
    /// [`MAX_HELD_BYTES`].
    pub held_bytes: Option<usize>,
}

pub use group::MAX_HELD_BYTES;

/// The budget for packets held, from `HANDOUT_SERVE_HELD_BYTES` (a number
/// of bytes) when it is set: for tests and for a computer with more or
/// less memory to give.
pub fn held_bytes_from_env() -> Result<Option<usize>, String> {
    let Some(v) = std::env::var_os("HANDOUT_SERVE_HELD_BYTES") else {
        return Ok(None);
    };
    v.to_str()
        .and_then(|v| v.trim().parse().ok())
        .map(Some)
        .ok_or_else(|| {
            "HANDOUT_SERVE_HELD_BYTES must be a whole number of bytes, like 201326592".to_string()
        })
}

/// The most a request body may be: a form is a few hundred bytes.
const MAX_BODY: usize = 64 * 1024;

struct App {
    /// What is on offer now: replaced whole when it is read again.
    offer: std::sync::RwLock<Arc<Offer>>,
    runs: group::Runs,
    /// Rosters being received or checked now, at most [`MAX_READING`].
    reading: std::sync::atomic::AtomicUsize,
    /// `Host` values this server answers to.
    hosts: Vec<String>,
    /// The lesson editor's folder and kept work.
    editing: editor_routes::Editing,
}

/// The lessons, packets and help files the app offers, read together: a
/// request works with one reading from start to end.
struct Offer {
    catalog: Catalog,
    /// Packets and help files for the group page.
    shelves: group_inputs::Shelves,
}

impl App {
    /// What is on offer now.
    fn offer(&self) -> Arc<Offer> {
        self.offer
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// Listen and serve until the process is stopped, following the lessons
/// folder (see `follow`). Says where on standard error (the first line,
/// for scripts and tests; notes on lesson files may come before it).
pub fn run(opts: Options) -> std::io::Result<()> {
    let (offer, reader) = Offer::load(opts.lessons_dir.as_deref())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port)).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}/");
        let held = opts.held_bytes.unwrap_or(MAX_HELD_BYTES);
        let editing = editor_routes::Editing::new(opts.lessons_dir.as_deref());
        let app = App::new(offer, editing, addr, held);
        // Watching from before the address is given, so no change a
        // person makes once they have it is missed.
        let _watch = reader.and_then(|r| follow::start(app.clone(), r));
        eprintln!("handout is open at {url} (only on this computer; Ctrl-C stops it)");
        if opts.open {
            open_browser(&url);
        }
        serve(listener, router(app)).await
    })
}

/// How long a connection may wait for a request's headers, idle between
/// requests included, and for each piece of a request's body: a browser on
/// this computer sends in milliseconds what it sends at all.
const IDLE: std::time::Duration = std::time::Duration::from_secs(10);

/// Answer each connection on `listener` with `app`. As `axum::serve` does,
/// on hyper directly, which can be told to close a connection that sends
/// nothing for [`IDLE`] (axum's own can't).
async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was
            // taken: wait a moment and go on, as axum does.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(IDLE)
                .max_headers(2 * MAX_HEADER_COUNT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

impl App {
    /// The app at `addr` offering `offer`, holding at most `held_bytes` of
    /// packets.
    fn new(
        offer: Offer,
        editing: editor_routes::Editing,
        addr: SocketAddr,
        held_bytes: usize,
    ) -> Arc<App> {
        let port = addr.port();
        Arc::new(App {
            offer: std::sync::RwLock::new(Arc::new(offer)),
            runs: group::Runs::new(held_bytes),
            reading: Default::default(),
            hosts: vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")],
            editing,
        })
    }
}

/// The app's routes.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(gallery))
        .route("/app.js", get(script))
        .route("/group.js", get(group_script))
        .route("/lessons/{id}", get(form).post(form_in_language))
        .route("/lessons/{id}/thumbnail.svg", get(thumbnail))
        .route("/lessons/{id}/page", get(web_page))
        .route("/lessons/{id}/preview", post(preview))
        .route("/lessons/{id}/pdf", post(pdf))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .merge(
            Router::new()
                .route("/group/check", post(group_check))
                .route("/group/start", post(group_start))
                .layer(DefaultBodyLimit::max(
                    usize::try_from(crate::roster::MAX_ROSTER_BYTES).unwrap_or(usize::MAX),
                ))
                .layer(middleware::from_fn_with_state(app.clone(), few_at_once)),
        )
        .route("/group", get(group_page))
        .route("/group/{token}", get(group_progress))
        .route("/group/{token}/file", get(group_file))
        .route("/group/{token}/print", post(printing::group_print))
        .route("/printers", get(printing::printers))
        .route("/changes", get(follow::changes))
        .route("/follow.js", get(follow_script))
        .merge(editor_routes::routes())
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .layer(middleware::map_request(idle_body))
        .with_state(app)
        // Outermost, so the guard's refusals and the router's own answers
        // (404, 405) carry them too.
        .layer(middleware::from_fn(private))
}

/// Request headers past this size in all, or this many, are refused with
/// 431 (a browser sends a few kilobytes, a few dozen). Hyper is told to
/// take twice as many (and takes about 400 KB), so these are refused here,
/// marked private like every answer; past those, hyper refuses a request
/// itself, as it does one it cannot parse, with an empty answer the app
/// never sees.
const MAX_HEADER_BYTES: usize = 32 * 1024;
const MAX_HEADER_COUNT: usize = 100;

/// Rosters read at once: each may be 10 MB, and is read and checked in
/// memory.
const MAX_READING: usize = 4;

/// A roster upload, unless [`MAX_READING`] are being read already: then
/// "busy" at once, before its body is read. One past the size a roster
/// may be is refused as the page shows its problems, in words.
async fn few_at_once(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    use std::sync::atomic::Ordering;
    struct Slot<'a>(&'a std::sync::atomic::AtomicUsize);
    impl Drop for Slot<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let w = Words::for_request(req.headers());
    if app.reading.fetch_add(1, Ordering::SeqCst) >= MAX_READING {
        app.reading.fetch_sub(1, Ordering::SeqCst);
        return busy(w.busy_reading);
    }
    let _slot = Slot(&app.reading);
    let res = next.run(req).await;
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let mb = crate::roster::MAX_ROSTER_BYTES / (1024 * 1024);
        let message = (w.roster_too_large)(mb);
        return json(
            StatusCode::PAYLOAD_TOO_LARGE,
            serde_json::json!({
                "problems": [message],
                "errors": [{ "place": null, "text": message }],
            }),
        );
    }
    res
}

/// "Try again": `problems` for scripts, `errors` for the group page.
fn busy(message: &str) -> Response {
    json(
        StatusCode::SERVICE_UNAVAILABLE,
        serde_json::json!({
            "problems": [message],
            "errors": [{ "place": null, "text": message }],
        }),
    )
}

/// The request with a body that fails when nothing of it arrives for
/// [`IDLE`].
async fn idle_body(req: Request) -> Request {
    req.map(|body| Body::new(idle::Body::new(body, IDLE)))
}

/// Refuse headers past the limits, and what didn't come from this
/// computer's own pages.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let size: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    // Plain words, for a script; a person who opens the app by another
    // address sees them too, so in their language.
    let w = Words::for_request(headers);
    if size > MAX_HEADER_BYTES || headers.len() > MAX_HEADER_COUNT {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("{}\n", w.refused_headers),
        )
            .into_response();
    }
    let host_ok = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| app.hosts.iter().any(|ok| ok.eq_ignore_ascii_case(h)));
    let origin_ok = match headers.get(header::ORIGIN) {
        None => true,
        Some(o) => o.to_str().ok().is_some_and(|o| {
            app.hosts
                .iter()
                .any(|ok| o.eq_ignore_ascii_case(&format!("http://{ok}")))
        }),
    };
    // A browser says when a request comes from another site's page.
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|s| s.as_bytes() == b"cross-site");
    if !host_ok || !origin_ok || cross_site {
        return (StatusCode::FORBIDDEN, format!("{}\n", w.refused_elsewhere)).into_response();
    }
    next.run(req).await
}

/// Mark every answer private: never cached, never sniffed as another type,
/// no address passed on to other sites, nothing loaded from elsewhere.
async fn private(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    mark_private(res.headers_mut());
    res
}

fn mark_private(h: &mut HeaderMap) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Not `no-referrer`: with it a browser sends `Origin: null` for the
    // page's own form posts, which the guard must refuse.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
             script-src 'self' 'unsafe-inline'; connect-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn not_found(w: &Words) -> Response {
    (StatusCode::NOT_FOUND, html(pages::not_found(w))).into_response()
}

async fn gallery(State(app): State<Arc<App>>, Ui(w): Ui) -> Response {
    html(pages::gallery(w, &app.offer().catalog))
}

async fn script() -> Response {
    javascript(pages::SCRIPT)
}

async fn follow_script() -> Response {
    javascript(follow::SCRIPT)
}

async fn group_script() -> Response {
    javascript(group_page::SCRIPT)
}

fn javascript(code: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        code,
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct Edition {
    lang: Option<String>,
}

async fn form(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<Edition>,
    Ui(w): Ui,
) -> Response {
    let offer = app.offer();
    match offer.catalog.find(&id, q.lang.as_deref()) {
        Some((entry, edition)) => html(pages::form(
            w,
            entry,
            edition,
            offer.catalog.generation,
            catalog::today(),
            &[],
        )),
        None => not_found(w),
    }
}

/// The form again in the language chosen, filled in as it was: its fields
/// come in the request's body, so a name never goes into an address.
async fn form_in_language(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Ui(w): Ui,
    body: Bytes,
) -> Response {
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let lang = fields
        .iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v.as_str());
    let offer = app.offer();
    match offer.catalog.find(&id, lang) {
        Some((entry, edition)) => html(pages::form(
            w,
            entry,
            edition,
            offer.catalog.generation,
            catalog::today(),
            &fields,
        )),
        None => not_found(w),
    }
}

async fn thumbnail(State(app): State<Arc<App>>, Path(id): Path<String>, Ui(w): Ui) -> Response {
    match app.offer().catalog.find(&id, None) {
        Some((entry, _)) => (
            [(header::CONTENT_TYPE, "image/svg+xml")],
            entry.thumbnail.clone(),
        )
            .into_response(),
        None => not_found(w),
    }
}

async fn web_page(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<Edition>,
    Ui(w): Ui,
) -> Response {
    match app.offer().catalog.find(&id, q.lang.as_deref()) {
        Some((_, edition)) => html(crate::html::page(
            &edition.lesson.title.to_plain(),
            edition.lesson.language,
            std::slice::from_ref(&*edition.lesson),
            false,
        )),
        None => not_found(w),
    }
}

/// The filled-in form as a request, or what is wrong with it.
fn read_form(
    app: &App,
    w: &'static Words,
    id: &str,
    body: &[u8],
) -> Result<catalog::FilledForm, catalog::Problem> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    app.offer().catalog.fill(w, id, &fields)
}

fn refused(w: &Words, problem: catalog::Problem) -> Response {
    match problem {
        catalog::Problem::NoLesson => not_found(w),
        catalog::Problem::Fields(errors) => fields_error(errors),
    }
}

async fn preview(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Ui(w): Ui,
    body: Bytes,
) -> Response {
    let req = match read_form(&app, w, &id, &body) {
        Ok(r) => r,
        Err(problem) => return refused(w, problem),
    };
    match tokio::task::spawn_blocking(move || req.preview()).await {
        Ok(Ok(fragment)) => html(fragment),
        Ok(Err(errors)) => fields_error(errors),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn pdf(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Ui(w): Ui,
    body: Bytes,
) -> Response {
    let req = match read_form(&app, w, &id, &body) {
        Ok(r) => r,
        Err(problem) => return refused(w, problem),
    };
    let file = format!("{id}.pdf");
    match tokio::task::spawn_blocking(move || req.pdf()).await {
        // Named after the lesson, never the client.
        Ok(Ok(bytes)) => attachment("application/pdf", &file, bytes),
        Ok(Err(errors)) => fields_error(errors),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn fields_error(errors: Vec<catalog::FieldError>) -> Response {
    json(
        StatusCode::UNPROCESSABLE_ENTITY,
        serde_json::to_value(errors).unwrap_or_default(),
    )
}

/// A file for the browser to save as `file`.
fn attachment(content_type: &'static str, file: &str, body: impl Into<Body>) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, body.into()).into_response()
}

/// A finished run's packets sent from memory a piece at a time, as they
/// were made (nothing is copied); each piece is freed once sent, and the
/// run's part of the budget given back once the last is sent or the
/// download is dropped.
struct Pieces(
    std::collections::VecDeque<Bytes>,
    #[allow(dead_code)] group::Hold,
);

impl hyper::body::Body for Pieces {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        let piece = self.get_mut().0.pop_front();
        std::task::Poll::Ready(piece.map(|p| Ok(hyper::body::Frame::data(p))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_empty()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact(self.0.iter().map(|p| p.len() as u64).sum())
    }
}

async fn group_page(State(app): State<Arc<App>>, Ui(w): Ui) -> Response {
    let offer = app.offer();
    html(group_page::group(
        w,
        &offer.catalog,
        &offer.shelves,
        catalog::today(),
    ))
}

fn json(status: StatusCode, value: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// The roster (the request's body) checked for the lessons and options in
/// the address: the group and its warnings and notes, or every problem.
fn group_plan(
    app: &App,
    query: Option<String>,
    roster: &[u8],
    w: &'static Words,
) -> Result<(group::Checked, crate::diag::Diagnostics), group::Refused> {
    let ask = group::Ask::parse(query.as_deref().unwrap_or(""), w).map_err(|list| {
        group::Refused::from(crate::diag::Diagnostics(
            list.into_iter()
                .map(crate::diag::Diagnostic::error)
                .collect(),
        ))
    })?;
    let offer = app.offer();
    group::plan(&offer.catalog, &offer.shelves, &ask, roster, w)
}

/// A refused group as the page reads it: the errors and notes apart, in
/// the page's words (`errors`, `notes`), the fields with a problem
/// (`fields`), and every problem as one line (`problems`).
fn refusal(w: &Words, refused: &group::Refused) -> serde_json::Value {
    let report = report::Report::of(w, refused.diags.iter());
    serde_json::json!({
        "problems": refused.diags.iter().filter(|d| d.is_error()).map(group::plain).collect::<Vec<_>>(),
        "errors": report.errors,
        "notes": report.notes,
        "fields": refused.fields,
    })
}

async fn group_check(
    State(app): State<Arc<App>>,
    Ui(w): Ui,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let app2 = app.clone();
    let checked = tokio::task::spawn_blocking(move || {
        let sheets = group::sheets(&body);
        (
            group_plan(&app2, q, &body, w).map(|(plan, warnings)| (plan.len(), warnings)),
            sheets,
        )
    })
    .await;
    // A workbook's visible sheets, when it has several, for the page to
    // offer: with the report, whichever sheet was read.
    match checked {
        Ok((Ok((clients, warnings)), sheets)) => {
            let report = report::Report::of(w, warnings.iter());
            json(
                StatusCode::OK,
                serde_json::json!({
                    "clients": clients,
                    "warnings": warnings.iter().map(group::plain).collect::<Vec<_>>(),
                    "errors": report.errors,
                    "notes": report.notes,
                    "fields": [],
                    "sheets": sheets,
                }),
            )
        }
        Ok((Err(refused), sheets)) => {
            let mut v = refusal(w, &refused);
            v["sheets"] = serde_json::json!(sheets);
            json(StatusCode::UNPROCESSABLE_ENTITY, v)
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn group_start(
    State(app): State<Arc<App>>,
    RawQuery(q): RawQuery,
    Ui(w): Ui,
    body: Bytes,
) -> Response {
    let app2 = app.clone();
    let planned = tokio::task::spawn_blocking(move || group_plan(&app2, q, &body, w)).await;
    match planned {
        Ok(Ok((plan, _))) => match app.runs.start(plan) {
            Some((token, run)) => json(
                StatusCode::OK,
                serde_json::json!({ "token": token, "total": run.total }),
            ),
            None => busy(&(w.busy_runs)(group::MAX_RUNS)),
        },
        Ok(Err(refused)) => json(StatusCode::UNPROCESSABLE_ENTITY, refusal(w, &refused)),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn group_progress(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    Ui(w): Ui,
) -> Response {
    let Some(run) = app.runs.get(&token) else {
        return not_found(w);
    };
    let failed = run.failed();
    if failed.is_some() {
        // Said once: a run that failed gives its place to another.
        app.runs.take(&token);
    }
    let (problem, too_large) = match failed {
        Some(group::GroupError::TooLarge(words)) => (Some(words), true),
        Some(group::GroupError::Packet(words)) => (Some(words), false),
        None => (None, false),
    };
    json(
        StatusCode::OK,
        serde_json::json!({
            "done": run.done.load(std::sync::atomic::Ordering::Relaxed),
            "total": run.total,
            "ready": run.ready(),
            "problem": problem,
            "too_large": too_large,
        }),
    )
}

async fn group_file(State(app): State<Arc<App>>, Path(token): Path<String>, Ui(w): Ui) -> Response {
    match app.runs.take(&token) {
        Some(Ok(out)) => {
            let len = out.len;
            let body = Body::new(Pieces(out.pieces.into(), out.hold));
            let mut res = attachment(out.content_type, out.name, body);
            res.headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
            res
        }
        Some(Err(group::GroupError::TooLarge(problem) | group::GroupError::Packet(problem))) => {
            json(
                StatusCode::UNPROCESSABLE_ENTITY,
                serde_json::json!({ "problems": [problem] }),
            )
        }
        None => not_found(w),
    }
}

/// The desktop's way to open a web address; a failure leaves the address
/// printed for the user to open.
fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
