//! Printing a finished group from the app: the printers CUPS offers, and
//! a group's one print file sent to one of them, straight from memory
//! (see `batch::printer`). What a person reads is in the page's language.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::batch::printer;

use super::words::{Ui, Words};
use super::{App, json, not_found};

/// The printers CUPS offers, for the group page to choose from; or why
/// there are none to be had.
pub(super) async fn printers(Ui(w): Ui) -> Response {
    match tokio::task::spawn_blocking(printer::printers).await {
        Ok(Ok(list)) => json(StatusCode::OK, serde_json::json!({ "printers": list })),
        Ok(Err(e)) => json(
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({ "problems": [print_problem(w, &e)] }),
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(serde::Deserialize)]
pub(super) struct PrintTo {
    /// Empty or missing: the system's default printer.
    printer: Option<String>,
}

/// A finished group's one print file sent to a printer (`?printer=NAME`,
/// else the default) as one two-sided job: the queue's answer. The PDF goes
/// from memory to `lp`, never to a file. Printed packets are gone like
/// downloaded ones; packets the printer won't take stay, to print
/// elsewhere or download.
pub(super) async fn group_print(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    Query(to): Query<PrintTo>,
    Ui(w): Ui,
) -> Response {
    let Some((run, out)) = app.runs.lend(&token) else {
        return match app.runs.get(&token) {
            Some(_) => problems_with(StatusCode::CONFLICT, w.print_not_made),
            None => not_found(w),
        };
    };
    if out.content_type != "application/pdf" {
        app.runs.give_back(token, run, out);
        return problems_with(StatusCode::UNPROCESSABLE_ENTITY, w.print_separate);
    }
    let ticket = printer::Ticket {
        // What the queue shows: never a client's name.
        title: format!("handout: group packets ({} clients)", run.total),
        // A booklet's landscape sheets turn on the short edge.
        sides: if run.booklet {
            printer::Sides::ShortEdge
        } else {
            printer::Sides::LongEdge
        },
        staple: false,
    };
    // The pieces are shared, not copied.
    let pieces = out.pieces.clone();
    let name = to.printer.filter(|p| !p.trim().is_empty());
    let sent = tokio::task::spawn_blocking(move || {
        let queue = printer::queue(name.as_deref())?;
        printer::send(&queue, &ticket, &pieces).map(|job| (queue.name, job))
    })
    .await;
    match sent {
        Ok(Ok((printer, job))) => {
            drop(out);
            json(
                StatusCode::OK,
                serde_json::json!({ "printer": printer, "job": job }),
            )
        }
        Ok(Err(e)) => {
            app.runs.give_back(token, run, out);
            let status = match e {
                printer::PrintError::Unknown { .. } | printer::PrintError::NoDefault { .. } => {
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                _ => StatusCode::SERVICE_UNAVAILABLE,
            };
            problems_with(status, &print_problem(w, &e))
        }
        Err(_) => {
            app.runs.give_back(token, run, out);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn problems_with(status: StatusCode, problem: &str) -> Response {
    json(status, serde_json::json!({ "problems": [problem] }))
}

/// A printing problem in words for the page, in its language: what is
/// wrong and what to do, without the command line's commands and flags.
fn print_problem(w: &Words, e: &printer::PrintError) -> String {
    use printer::PrintError as E;
    let list = |printers: &[String]| {
        if printers.is_empty() {
            w.print_none_set_up.to_string()
        } else {
            w.print_printers_here
                .replace("{printers}", &printers.join(", "))
        }
    };
    let reason = |r: &Option<String>| match r {
        Some(r) => w.print_reason.replace("{reason}", r),
        None => String::new(),
    };
    let words = match e {
        E::NoCups(_) => w.print_no_cups.to_string(),
        E::NotRunning => w.print_not_running.to_string(),
        E::NoDefault { printers } => format!("{} {}", w.print_no_default, list(printers)),
        E::Unknown {
            name,
            printers,
            suggestion,
        } => {
            let mut s = w.print_unknown.replace("{name}", name);
            if let Some(near) = suggestion {
                s.push(' ');
                s.push_str(&w.print_did_you_mean.replace("{name}", near));
            }
            format!("{s} {}", list(printers))
        }
        E::Paused { name, reason: r } => w
            .print_paused
            .replace("{name}", name)
            .replace("{reason}", &reason(r)),
        E::Refusing { name, reason: r } => w
            .print_refusing
            .replace("{name}", name)
            .replace("{reason}", &reason(r)),
        E::Failed { said, .. } => w.print_failed.replace("{said}", said.trim()),
        E::Run { .. } => w.print_not_running.to_string(),
        E::NoAnswer { .. } => w.print_no_answer.to_string(),
    };
    words.replace('`', "")
}
