//! Printing through the computer's CUPS, with its own commands: `lpstat`
//! lists the printers and says whether each takes jobs, `lpoptions` what a
//! printer can do (staple), and `lp` takes a job's PDF on its standard
//! input (no file is made for it) and answers with the job's id. The
//! command line and the app both print through here.
//!
//! A job's title shows in the queue for anyone who looks (and names the
//! file a PDF printer writes), so it never holds a client's name: the
//! packet's title with a count of clients or a roster line. What CUPS
//! says back (its errors, a printer's state) never holds client data
//! either: it is shown as it is.

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A printer (a CUPS destination), as `lpstat` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Printer {
    pub name: String,
    /// The system's default destination.
    pub default: bool,
    /// Paused (disabled): it holds the jobs sent to it until it is turned
    /// back on.
    pub paused: bool,
    /// Whether it takes new jobs.
    pub accepting: bool,
    /// Why it is paused or refuses jobs, as its administrator put it.
    pub reason: Option<String>,
}

/// Why printing could not start, or a job was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// A command of CUPS is not installed.
    #[error(
        "cannot print: `{0}`, a command of CUPS (the system's printing service), is not installed"
    )]
    NoCups(&'static str),
    #[error("cannot print: CUPS, the system's printing service, is not running")]
    NotRunning,
    #[error("cannot print: this computer has no default printer")]
    NoDefault { printers: Vec<String> },
    #[error("cannot print: there is no printer `{name}` here")]
    Unknown {
        name: String,
        printers: Vec<String>,
        suggestion: Option<String>,
    },
    #[error("cannot print: the printer `{name}` is paused{}", because(reason))]
    Paused {
        name: String,
        reason: Option<String>,
    },
    #[error(
        "cannot print: the printer `{name}` is not accepting jobs{}",
        because(reason)
    )]
    Refusing {
        name: String,
        reason: Option<String>,
    },
    /// A command ran and failed: what it said.
    #[error("`{command}` could not send the job: {said}")]
    Failed { command: &'static str, said: String },
    /// A command gave no answer in the time allowed, and was stopped.
    #[error("cannot print: `{command}` gave no answer in {secs} s, so it was stopped")]
    NoAnswer { command: &'static str, secs: u64 },
    /// A command could not be run at all.
    #[error("cannot run `{command}`: {error}")]
    Run {
        command: &'static str,
        error: String,
    },
}

fn because(reason: &Option<String>) -> String {
    reason
        .as_deref()
        .map_or_else(String::new, |r| format!(" ({r})"))
}

impl PrintError {
    /// How to fix it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        let list = |printers: &[String]| {
            if printers.is_empty() {
                "No printer is set up on this computer: add one in the system's printer \
                 settings (or with `lpadmin`)."
                    .to_string()
            } else {
                format!("The printers here: {}.", printers.join(", "))
            }
        };
        Some(match self {
            PrintError::NoCups(_) => {
                "install CUPS (on Debian or Ubuntu: `apt install cups-client`, \
                 and `cups` for a printer on this computer), or write one print file with \
                 --combined and print that"
                    .to_string()
            }
            PrintError::NotRunning => "start it (`systemctl start cups`, or `cupsd` as root), or \
                 write one print file with --combined and print that"
                .to_string(),
            PrintError::NoDefault { printers } => {
                format!("name a printer, like --print NAME. {}", list(printers))
            }
            PrintError::Unknown {
                printers,
                suggestion,
                ..
            } => match suggestion {
                Some(s) => format!("did you mean `{s}`? {}", list(printers)),
                None => list(printers),
            },
            PrintError::Paused { name, .. } => format!(
                "turn it back on in the printer settings (or with `cupsenable {name}`), or \
                 choose another printer: a paused printer keeps jobs waiting in its queue"
            ),
            PrintError::Refusing { name, .. } => format!(
                "let it take jobs again in the printer settings (or with `cupsaccept {name}`), \
                 or choose another printer"
            ),
            PrintError::NoAnswer { .. } => "the printing service (CUPS) may be stuck: restart it \
                 (`systemctl restart cups`), or write one print file with --combined and print that"
                .to_string(),
            PrintError::Failed { .. } | PrintError::Run { .. } => return None,
        })
    }
}

/// A printer checked and ready for jobs: found, not paused, accepting;
/// and how to ask it to staple, when it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub name: String,
    /// The printer's option and choice that staple a job (like
    /// `StapleLocation=UpperLeft`), when it has one.
    pub staple: Option<(String, String)>,
}

/// How one job prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// What the queue shows: never a client's name.
    pub title: String,
    /// One side of the paper or both, and how the sheet turns.
    pub sides: Sides,
    /// Stapled, when the printer can.
    pub staple: bool,
}

/// How a job's sheets are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sides {
    One,
    /// Both sides, the sheet turned on its long edge: a packet's pages.
    LongEdge,
    /// Both sides, the sheet turned on its short edge: a booklet's
    /// landscape sheets, so the back of each is the right way up once
    /// folded.
    ShortEdge,
}

impl Sides {
    /// The IPP `sides` keyword.
    fn keyword(self) -> &'static str {
        match self {
            Sides::One => "one-sided",
            Sides::LongEdge => "two-sided-long-edge",
            Sides::ShortEdge => "two-sided-short-edge",
        }
    }
}

/// A job the queue took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The queue's id for it, like `Front-Desk-12`.
    pub job: String,
    /// The roster line of the client it is for, when a job is one client's.
    pub line: Option<u32>,
}

/// The longest job title sent: CUPS takes 255 bytes.
const MAX_TITLE: usize = 200;

/// Run a CUPS command, its answers in plain English (the C locale), so
/// that they can be read here.
fn cups(command: &'static str, args: &[&str]) -> Result<Output, PrintError> {
    let mut cmd = Command::new(command);
    cmd.args(args).env("LC_ALL", "C");
    run_within(command, cmd, &[] as &[&[u8]]).map(|(out, _)| out)
}

/// How long a CUPS command may take before it is stopped: a stuck printing
/// service must not hold a run, or the app's Print button, for ever. Two
/// minutes (`lp` hands a job to the local CUPS in seconds), or
/// `HANDOUT_PRINT_TIMEOUT` seconds.
fn time_limit() -> Duration {
    std::env::var("HANDOUT_PRINT_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .map_or(Duration::from_secs(120), Duration::from_secs)
}

/// Run `cmd` with `input` on its standard input: what it answered, and
/// whether all of `input` was written. Past [`time_limit`] it is stopped
/// (a watchdog kills it, which also frees a write it isn't reading) and
/// that is the error.
fn run_within<B: AsRef<[u8]>>(
    command: &'static str,
    mut cmd: Command,
    input: &[B],
) -> Result<(Output, std::io::Result<()>), PrintError> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ran_not(command, &e))?;
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    let child = Arc::new(Mutex::new(child));
    let (finished, done) = mpsc::channel::<()>();
    let limit = time_limit();
    let watched = Arc::clone(&child);
    let watchdog = std::thread::spawn(move || {
        let late = done.recv_timeout(limit) == Err(RecvTimeoutError::Timeout);
        if late && let Ok(mut c) = watched.lock() {
            let _ = c.kill();
        }
        late
    });
    let mut wrote = Ok(());
    if let Some(mut pipe) = stdin {
        wrote = input.iter().try_for_each(|p| pipe.write_all(p.as_ref()));
        // Dropped here: the command reads to the end.
    }
    // Both answers read at once, so neither pipe fills while one is read.
    let errors = std::thread::spawn(move || read_all(stderr));
    let stdout = read_all(stdout);
    let stderr = errors.join().unwrap_or_default();
    let status = loop {
        let polled = match child.lock() {
            Ok(mut c) => c.try_wait(),
            Err(_) => break None,
        };
        match polled {
            Ok(Some(status)) => break Some(status),
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = finished.send(());
                return Err(ran_not(command, &e));
            }
        }
    };
    let _ = finished.send(());
    if watchdog.join().unwrap_or(false) {
        return Err(PrintError::NoAnswer {
            command,
            secs: limit.as_secs(),
        });
    }
    let status = status.ok_or(PrintError::Run {
        command,
        error: "it could not be waited for".to_string(),
    })?;
    Ok((
        Output {
            status,
            stdout,
            stderr,
        },
        wrote,
    ))
}

fn read_all(pipe: Option<impl Read>) -> Vec<u8> {
    let mut bytes = Vec::new();
    if let Some(mut p) = pipe {
        let _ = p.read_to_end(&mut bytes);
    }
    bytes
}

fn ran_not(command: &'static str, e: &std::io::Error) -> PrintError {
    if e.kind() == std::io::ErrorKind::NotFound {
        PrintError::NoCups(command)
    } else {
        PrintError::Run {
            command,
            error: e.to_string(),
        }
    }
}

/// What a command said on standard error, in one line.
fn said(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stderr);
    let said = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if said.is_empty() {
        format!("it stopped with {}", out.status)
    } else {
        said
    }
}

/// Every printer CUPS offers, the default marked; or why there are none
/// to be had (CUPS missing or not running).
pub fn printers() -> Result<Vec<Printer>, PrintError> {
    let running = cups("lpstat", &["-r"])?;
    if String::from_utf8_lossy(&running.stdout).contains("not running") {
        return Err(PrintError::NotRunning);
    }
    let names = cups("lpstat", &["-e"])?;
    if !names.status.success() {
        return Err(PrintError::Failed {
            command: "lpstat",
            said: said(&names),
        });
    }
    // With no printer set up `lpstat -p` fails: what it printed still says
    // all there is.
    let states = cups("lpstat", &["-d", "-p", "-a"])?;
    Ok(read_printers(
        &String::from_utf8_lossy(&names.stdout),
        &String::from_utf8_lossy(&states.stdout),
    ))
}

/// The printers from `lpstat -e` (`names`, a name a line) and `lpstat -d
/// -p -a` (`states`), in the order listed.
fn read_printers(names: &str, states: &str) -> Vec<Printer> {
    let mut printers: Vec<Printer> = names
        .lines()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|name| Printer {
            name: name.to_string(),
            default: false,
            paused: false,
            accepting: true,
            reason: None,
        })
        .collect();
    // The printer the last line was about, for a reason on the next.
    let mut last: Option<usize> = None;
    for line in states.lines() {
        if line.starts_with(char::is_whitespace) {
            let reason = line.trim();
            if let Some(p) = last.map(|i| &mut printers[i])
                && !reason.is_empty()
                && (p.paused || !p.accepting)
            {
                p.reason = Some(reason.to_string());
            }
            continue;
        }
        let find = |printers: &[Printer], name: &str| printers.iter().position(|p| p.name == name);
        last = None;
        if let Some(name) = line.strip_prefix("system default destination: ") {
            if let Some(i) = find(&printers, name.trim()) {
                printers[i].default = true;
            }
        } else if let Some(rest) = line.strip_prefix("printer ") {
            let name = rest.split_whitespace().next().unwrap_or_default();
            last = find(&printers, name);
            if let Some(i) = last {
                printers[i].paused = rest.contains(" disabled since ");
            }
        } else if let Some((name, rest)) = line.split_once(' ') {
            if rest.starts_with("not accepting requests") {
                last = find(&printers, name);
                if let Some(i) = last {
                    printers[i].accepting = false;
                }
            }
        }
    }
    printers
}

/// The printer `name` (or the system's default), checked ready for jobs:
/// it exists (a name in other capitals is the same printer, as CUPS
/// reads it), is not paused, accepts jobs. Whether it staples is asked of
/// it too.
pub fn queue(name: Option<&str>) -> Result<Queue, PrintError> {
    let printers = printers()?;
    let names = || printers.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    let printer = match name {
        None => printers
            .iter()
            .find(|p| p.default)
            .ok_or_else(|| PrintError::NoDefault { printers: names() })?,
        Some(name) => printers
            .iter()
            .find(|p| p.name == name)
            .or_else(|| printers.iter().find(|p| p.name.eq_ignore_ascii_case(name)))
            .ok_or_else(|| PrintError::Unknown {
                name: name.to_string(),
                suggestion: closest(name, &printers),
                printers: names(),
            })?,
    };
    let stopped = |p: &Printer| (p.name.clone(), p.reason.clone());
    if printer.paused {
        let (name, reason) = stopped(printer);
        return Err(PrintError::Paused { name, reason });
    }
    if !printer.accepting {
        let (name, reason) = stopped(printer);
        return Err(PrintError::Refusing { name, reason });
    }
    // A printer whose options can't be read is taken not to staple.
    let staple = cups("lpoptions", &["-p", &printer.name, "-l"])
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| staple_option(&String::from_utf8_lossy(&o.stdout)));
    Ok(Queue {
        name: printer.name.clone(),
        staple,
    })
}

/// The printer nearest to a misspelt name, capitals aside.
fn closest(name: &str, printers: &[Printer]) -> Option<String> {
    let lower: Vec<String> = printers.iter().map(|p| p.name.to_lowercase()).collect();
    let allowed: Vec<&str> = lower.iter().map(String::as_str).collect();
    let near = crate::read::closest(&name.to_lowercase(), &allowed)?;
    let i = allowed.iter().position(|a| *a == near)?;
    Some(printers[i].name.clone())
}

/// The option that staples, from `lpoptions -l` (a line an option: `Key/Label:
/// *Default Choice …`), and the choice to ask for: `StapleLocation` (what
/// CUPS names it, also for a network printer it set up itself), else any
/// option named for staples; the first place at the left (one staple at the
/// top left, as a packet is read), else the first that staples at all.
fn staple_option(options: &str) -> Option<(String, String)> {
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for line in options.lines() {
        let Some((key, choices)) = line.split_once(':') else {
            continue;
        };
        let key = key.split('/').next().unwrap_or(key).trim();
        if !key.to_lowercase().contains("staple") {
            continue;
        }
        let stapling: Vec<String> = choices
            .split_whitespace()
            .map(|c| c.trim_start_matches('*').to_string())
            .filter(|c| {
                !["none", "off", "false", "no", "nostaple"].contains(&c.to_lowercase().as_str())
            })
            .collect();
        if !stapling.is_empty() {
            found.push((key.to_string(), stapling));
        }
    }
    let (key, choices) = found
        .iter()
        .find(|(k, _)| k == "StapleLocation")
        .or_else(|| found.first())?;
    let choice = choices
        .iter()
        .find(|c| c.to_lowercase().contains("left"))
        .unwrap_or(&choices[0]);
    Some((key.clone(), choice.clone()))
}

/// The title as sent: one line, within what CUPS takes.
fn job_title(title: &str) -> String {
    let mut t: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if t.len() > MAX_TITLE {
        let mut end = MAX_TITLE;
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        t.truncate(end);
    }
    t
}

/// The `lp` arguments for a job on `queue`.
fn lp_args(queue: &Queue, ticket: &Ticket) -> Vec<String> {
    let mut args = vec![
        "-d".to_string(),
        queue.name.clone(),
        "-t".to_string(),
        job_title(&ticket.title),
        "-o".to_string(),
        format!("sides={}", ticket.sides.keyword()),
    ];
    if let (true, Some((key, choice))) = (ticket.staple, &queue.staple) {
        args.extend(["-o".to_string(), format!("{key}={choice}")]);
    }
    args
}

/// Send a PDF (its bytes, in pieces) to `queue` as one job, through `lp`'s
/// standard input: no file is made for it. The queue's id for the job.
pub fn send<B: AsRef<[u8]>>(
    queue: &Queue,
    ticket: &Ticket,
    pdf: &[B],
) -> Result<String, PrintError> {
    let mut lp = Command::new("lp");
    lp.args(lp_args(queue, ticket)).env("LC_ALL", "C");
    let (out, wrote) = run_within("lp", lp, pdf)?;
    if !out.status.success() {
        return Err(PrintError::Failed {
            command: "lp",
            said: said(&out),
        });
    }
    // `lp` stops reading only when it fails, which it said above.
    wrote.map_err(|e| PrintError::Run {
        command: "lp",
        error: e.to_string(),
    })?;
    let answer = String::from_utf8_lossy(&out.stdout);
    Ok(job_id(&answer).unwrap_or_else(|| answer.trim().to_string()))
}

/// `request id is Front-Desk-12 (1 file(s))` → `Front-Desk-12`.
fn job_id(answer: &str) -> Option<String> {
    let rest = answer.trim().strip_prefix("request id is ")?;
    rest.split_whitespace().next().map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lpstat_says_which_printers_there_are_and_how_they_are() {
        let names = "Front-Desk\nHandoutPDF\nBack_Office\n";
        let states = "system default destination: HandoutPDF\n\
            printer Back_Office disabled since Mon Dec  7 05:37:13 2026 -\n\
            \tPaused\n\
            printer Front-Desk now printing Front-Desk-3.  enabled since Mon Dec  7 05:37:13 2026\n\
            printer HandoutPDF is idle.  enabled since Mon Dec  7 05:36:18 2026\n\
            Back_Office accepting requests since Mon Dec  7 05:36:18 2026\n\
            Front-Desk not accepting requests since Mon Dec  7 05:37:13 2026 -\n\
            \tout of toner\n\
            HandoutPDF accepting requests since Mon Dec  7 05:36:18 2026\n";
        let p = read_printers(names, states);
        let names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Front-Desk", "HandoutPDF", "Back_Office"]);
        assert!(p[1].default && !p[0].default && !p[2].default);
        assert!(p[2].paused && !p[0].paused && !p[1].paused);
        assert_eq!(p[2].reason.as_deref(), Some("Paused"));
        assert!(!p[0].accepting && p[1].accepting && p[2].accepting);
        assert_eq!(p[0].reason.as_deref(), Some("out of toner"));
        assert_eq!(p[1].reason, None);
        assert!(read_printers("", "no system default destination\n").is_empty());
    }

    #[test]
    fn a_printer_staples_when_an_option_of_its_says_so() {
        let ppd = "PageSize/Page Size: *Letter A4\n\
            StapleLocation/Staple: *None SinglePortrait UpperLeft UpperRight\n\
            Duplex/2-Sided: *None DuplexNoTumble\n";
        assert_eq!(
            staple_option(ppd),
            Some(("StapleLocation".into(), "UpperLeft".into()))
        );
        // Another maker's name for it; its first choice that staples.
        assert_eq!(
            staple_option("HPStaplerOptions/Staple: *None OneStapleAngled TwoStaples\n"),
            Some(("HPStaplerOptions".into(), "OneStapleAngled".into()))
        );
        // An option that can only be off is no stapler.
        assert_eq!(staple_option("StapleLocation/Staple: *None\n"), None);
        assert_eq!(
            staple_option("PageSize/Page Size: *Letter A4\nResolution: *300dpi\n"),
            None
        );
    }

    #[test]
    fn lp_is_asked_for_both_sides_and_a_staple_only_as_the_ticket_says() {
        let queue = Queue {
            name: "Front-Desk".into(),
            staple: Some(("StapleLocation".into(), "UpperLeft".into())),
        };
        let ticket = Ticket {
            title: "handout: Coping\nskills (3 clients)".into(),
            sides: Sides::LongEdge,
            staple: false,
        };
        assert_eq!(
            lp_args(&queue, &ticket),
            [
                "-d",
                "Front-Desk",
                "-t",
                "handout: Coping skills (3 clients)",
                "-o",
                "sides=two-sided-long-edge"
            ]
        );
        let ticket = Ticket {
            sides: Sides::One,
            staple: true,
            ..ticket
        };
        let args = lp_args(&queue, &ticket);
        assert_eq!(
            args[4..],
            ["-o", "sides=one-sided", "-o", "StapleLocation=UpperLeft"]
        );
        let booklet = Ticket {
            sides: Sides::ShortEdge,
            staple: false,
            ..ticket
        };
        assert_eq!(
            lp_args(&queue, &booklet)[4..],
            ["-o", "sides=two-sided-short-edge"]
        );
        assert!(job_title(&"é".repeat(300)).len() <= MAX_TITLE);
    }

    #[test]
    fn the_queues_answer_gives_the_job_id() {
        assert_eq!(
            job_id("request id is HandoutPDF-12 (1 file(s))\n").as_deref(),
            Some("HandoutPDF-12")
        );
        assert_eq!(job_id("something else"), None);
    }

    #[test]
    fn a_misspelt_printer_is_suggested_in_its_own_capitals() {
        let p = read_printers("HandoutPDF\nFront-Desk\n", "");
        assert_eq!(closest("handoutpfd", &p).as_deref(), Some("HandoutPDF"));
        assert_eq!(closest("Copier", &p), None);
    }
}
