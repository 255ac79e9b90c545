//! Straight to the printer, against a real CUPS server with virtual PDF
//! printers (`.ci/start-cups`: HandoutPDF, and HandoutStaple, which has a
//! stapler option). cups-pdf prints each job as a PDF re-rendered through
//! Ghostscript, so what is checked is what a printer would show: the job
//! the queue took, its attributes (both sides, a staple) and the pages it
//! printed. Without CUPS these skip, except under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::web::*;
use common::*;

const NAMES: [&str; 3] = ["Ana Díaz", "Bo Lee", "Nguyễn Thị Hương"];

/// Three clients: the names above.
fn roster(dir: &Path) -> PathBuf {
    let mut csv = String::from("name,id\n");
    for (i, name) in NAMES.iter().enumerate() {
        csv.push_str(&format!("{name},c-{i}\n"));
    }
    write(dir, "group.csv", &csv)
}

/// A CUPS command's output, in plain English.
fn cups(cmd: &str, args: &[&str]) -> Option<std::process::Output> {
    Command::new(cmd)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .ok()
}

/// Whether the test printers are there to print to; else the test skips
/// (fails under CI).
fn printers_ready(what: &str) -> bool {
    let ready = ["HandoutPDF", "HandoutStaple"]
        .iter()
        .all(|p| cups("lpstat", &["-p", p]).is_some_and(|o| o.status.success()));
    if !ready {
        skip(
            "CUPS with the printers HandoutPDF and HandoutStaple (.ci/start-cups)",
            what,
        );
    }
    ready && have("ipptool") && have("qpdf")
}

/// Where cups-pdf puts what it prints for the user running the tests: its
/// `Out` setting, `${HOME}` and `${USER}` filled in.
fn cups_pdf_out() -> PathBuf {
    let conf = std::fs::read_to_string("/etc/cups/cups-pdf.conf").unwrap_or_default();
    let out = conf
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Out "))
        .next_back()
        .unwrap_or("${HOME}/PDF")
        .trim()
        .to_string();
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    PathBuf::from(out.replace("${HOME}", &home).replace("${USER}", &user))
}

/// The job ids in what `handout` said, in order: `HandoutPDF-12`.
fn job_ids(said: &str, printer: &str) -> Vec<String> {
    said.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| {
            w.strip_prefix(printer)
                .and_then(|n| n.strip_prefix('-'))
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
        .map(String::from)
        .collect()
}

/// A job's attributes as the scheduler keeps them (`ipptool`
/// get-job-attributes), a line each: `sides (keyword) = two-sided-long-edge`.
fn job_attributes(job: &str) -> String {
    let n = job.rsplit('-').next().unwrap();
    let out = cups(
        "ipptool",
        &[
            "-tv",
            &format!("ipp://localhost/jobs/{n}"),
            "get-job-attributes.test",
        ],
    )
    .expect("ipptool runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A printed file, removed once the test has read it.
struct Landed(PathBuf);

impl std::ops::Deref for Landed {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Landed {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Wait for `job` to have printed; the PDF cups-pdf made of it.
fn landed(job: &str) -> Landed {
    let n = job.rsplit('-').next().unwrap();
    let suffix = format!("-job_{n}.pdf");
    let out = cups_pdf_out();
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let done = cups("lpstat", &["-W", "completed", "-o"])
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let completed = done
            .lines()
            .any(|l| l.split_whitespace().next() == Some(job));
        if completed
            && let Some(file) = std::fs::read_dir(&out).ok().and_then(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .find(|p| p.to_string_lossy().ends_with(&suffix))
            })
        {
            return Landed(file);
        }
        assert!(
            Instant::now() < deadline,
            "job {job} never printed into {}; the queue says:\n{done}",
            out.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("qpdf")
        .arg("--show-npages")
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("qpdf can't count the pages of {}", pdf.display()))
}

/// The printed file's title, which cups-pdf takes from the job's.
fn title(pdf: &Path) -> String {
    info(pdf)
        .into_iter()
        .find(|(k, _)| k == "Title")
        .map(|(_, v)| v)
        .unwrap_or_default()
}

fn no_names(text: &str, what: &str) {
    for name in NAMES {
        assert!(!text.contains(name), "a client's name in {what}: {text}");
    }
}

/// The pages of each client's own PDF, in roster order, from an
/// `--out-dir` run of the same roster.
fn pages_per_client(dir: &Path, roster: &Path) -> Vec<usize> {
    let out = dir.join("each");
    handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(roster)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success();
    (0..NAMES.len())
        .map(|i| pages(&out.join(format!("c-{i}.pdf"))))
        .collect()
}

#[test]
fn batch_print_sends_one_two_sided_job_with_every_clients_pages() {
    if !printers_ready("printing a group to HandoutPDF") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let out = handout()
        .current_dir(&work)
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .args(["--print", "HandoutPDF", "--duplex"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let jobs = job_ids(&said, "HandoutPDF");
    assert_eq!(jobs.len(), 1, "one job for the group: {said}");
    assert!(
        said.contains(&format!("sent to HandoutPDF as job {}", jobs[0])),
        "{said}"
    );
    no_names(&said, "the summary");
    // Nothing written where it ran: the PDF went to lp's standard input.
    assert_eq!(std::fs::read_dir(&work).unwrap().count(), 0);

    let printed = landed(&jobs[0]);
    // Every client's pages, each packet starting on a front page.
    let expected: usize = pages_per_client(dir.path(), &roster)
        .iter()
        .map(|p| p + p % 2)
        .sum();
    assert_eq!(pages(&printed), expected, "{}", printed.display());
    assert!(said.contains(&format!("{expected} pages")), "{said}");
    let attributes = job_attributes(&jobs[0]);
    assert!(
        attributes.contains("sides (keyword) = two-sided-long-edge"),
        "{attributes}"
    );
    no_names(&attributes, "the job's attributes");
    let title = title(&printed);
    assert!(
        title.contains("handout: Compassion in Recovery (3 clients)"),
        "{title}"
    );
}

#[test]
fn a_printer_that_staples_gets_a_stapled_job_per_client() {
    if !printers_ready("printing a group to HandoutStaple") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    // Named in other capitals, as CUPS reads printer names.
    let out = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .args(["--print", "handoutstaple"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("one per client, stapled"), "{said}");
    let jobs = job_ids(&said, "HandoutStaple");
    assert_eq!(jobs.len(), 3, "a job per client: {said}");
    for (i, job) in jobs.iter().enumerate() {
        assert!(
            said.contains(&format!("{job} (roster line {})", i + 2)),
            "{said}"
        );
    }
    no_names(&said, "the summary");
    let expected = pages_per_client(dir.path(), &roster);
    for (i, job) in jobs.iter().enumerate() {
        let printed = landed(job);
        assert_eq!(pages(&printed), expected[i], "{job}");
        let attributes = job_attributes(job);
        assert!(
            attributes.contains("StapleLocation (nameWithoutLanguage) = UpperLeft"),
            "{attributes}"
        );
        // One side: --duplex was not asked for.
        assert!(
            attributes.contains("sides (keyword) = one-sided"),
            "{attributes}"
        );
        let title = title(&printed);
        assert!(
            title.contains(&format!("(roster line {})", i + 2)),
            "{title}"
        );
        no_names(&title, "a job's title");
    }
}

#[test]
fn booklets_go_as_one_job_turned_on_the_short_edge_and_never_corner_stapled() {
    if !printers_ready("printing booklets to HandoutStaple") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    // What the same run writes as one file: the sheets the printer gets.
    let file = dir.path().join("booklets.pdf");
    let out = handout()
        .args(["batch", "calming-the-body", "--booklet", "--roster"])
        .arg(&roster)
        .arg("--combined")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // To the printer that staples: a corner staple is wrong for a booklet
    // (stapled down its fold), so one job for the group, not one each.
    let out = handout()
        .args(["batch", "calming-the-body", "--booklet", "--roster"])
        .arg(&roster)
        .args(["--print", "HandoutStaple"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let jobs = job_ids(&said, "HandoutStaple");
    assert_eq!(jobs.len(), 1, "one job for the group: {said}");
    no_names(&said, "the summary");
    let attributes = job_attributes(&jobs[0]);
    assert!(
        attributes.contains("sides (keyword) = two-sided-short-edge"),
        "{attributes}"
    );
    assert!(!attributes.contains("StapleLocation"), "{attributes}");
    no_names(&attributes, "the job's attributes");
    let printed = landed(&jobs[0]);
    assert_eq!(pages(&printed), pages(&file), "{}", printed.display());
}

#[test]
fn print_without_a_name_uses_the_default_printer() {
    if !printers_ready("printing to the default printer") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    // LPDEST names the default for this process alone, as CUPS reads it.
    let out = handout()
        .env("LPDEST", "HandoutPDF")
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .arg("--print")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let jobs = job_ids(&said, "HandoutPDF");
    assert_eq!(jobs.len(), 1, "{said}");
    landed(&jobs[0]);
}

#[test]
fn an_unknown_printer_is_refused_with_the_printers_there_are() {
    if !printers_ready("asking for a printer that isn't there") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    let out = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .args(["--print", "HandoutPFD"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("cannot print: there is no printer `HandoutPFD` here"),
        "{said}"
    );
    assert!(said.contains("did you mean `HandoutPDF`?"), "{said}");
    assert!(said.contains("HandoutStaple"), "the list: {said}");
    no_names(&said, "the error");
}

#[test]
fn a_paused_printer_or_one_turning_jobs_away_is_refused() {
    if !printers_ready("printing to a paused printer") {
        return;
    }
    // A printer of this test's own, so that pausing it stops no other.
    let name = "HandoutPausedTest";
    let ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd";
    let added = cups(
        "lpadmin",
        &["-p", name, "-v", "cups-pdf:/", "-P", ppd, "-E"],
    )
    .is_some_and(|o| o.status.success());
    if !added {
        skip("root, to add a printer with lpadmin", "pausing a printer");
        return;
    }
    struct Remove(&'static str);
    impl Drop for Remove {
        fn drop(&mut self) {
            let _ = cups("lpadmin", &["-x", self.0]);
        }
    }
    let _remove = Remove(name);
    let dir = tempdir();
    let roster = roster(dir.path());
    let print = || {
        let out = handout()
            .args(["batch", "compassion-in-recovery", "--roster"])
            .arg(&roster)
            .args(["--print", name])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    cups("cupsdisable", &["-r", "jammed", name]).unwrap();
    let (code, said) = print();
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!("the printer `{name}` is paused (jammed)")),
        "{said}"
    );
    assert!(said.contains(&format!("cupsenable {name}")), "{said}");
    cups("cupsenable", &[name]).unwrap();
    cups("cupsreject", &["-r", "out of toner", name]).unwrap();
    let (code, said) = print();
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "the printer `{name}` is not accepting jobs (out of toner)"
        )),
        "{said}"
    );
    let queued = cups("lpstat", &["-o", name]).unwrap();
    assert!(queued.stdout.is_empty(), "nothing was sent");
}

#[test]
fn without_cups_printing_says_what_to_install() {
    let dir = tempdir();
    let roster = roster(dir.path());
    // No CUPS commands on the way: an empty PATH.
    let out = handout()
        .env("PATH", dir.path())
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .arg("--print")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("cannot print: `lpstat`, a command of CUPS"),
        "{said}"
    );
    assert!(said.contains("apt install cups-client"), "{said}");
}

#[test]
fn print_and_out_dir_go_together_only_as_a_usage_error() {
    let dir = tempdir();
    let roster = roster(dir.path());
    let out = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .args(["--print", "HandoutPDF", "--out-dir"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("cannot be used with"), "{said}");
    assert!(!dir.path().join("out").exists());
}

/// Start a combined run on the app and wait for it: its token.
fn made(s: &Server, roster: &str) -> String {
    make_group(
        s,
        "lesson=compassion-in-recovery&output=print",
        roster.as_bytes(),
    )
}

#[test]
fn the_app_lists_the_printers_and_prints_a_groups_packets() {
    if !printers_ready("printing from the app") {
        return;
    }
    let s = serve(&[]);
    let r = request(&s.addr, "GET", "/printers", &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let names: Vec<&str> = v["printers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(names.contains(&"HandoutPDF") && names.contains(&"HandoutStaple"));

    let csv = format!("name\n{}\n", NAMES.join("\n"));
    let token = made(&s, &csv);
    let print = |query: &str, headers: &[(&str, &str)]| {
        request(
            &s.addr,
            "POST",
            &format!("/group/{token}/print?{query}"),
            headers,
            b"",
        )
    };
    // Another site's page can't print through the app.
    let r = print("printer=HandoutPDF", &[("Origin", "http://example.com")]);
    assert_eq!(r.status, 403);
    // A printer that isn't there: said, with the list, and the packets
    // are kept.
    let r = print("printer=HandoutPFD", &[]);
    assert_eq!(r.status, 422, "{}", r.text());
    let text = r.text();
    assert!(text.contains("Did you mean HandoutPDF?"), "{text}");
    assert!(!text.contains('`'), "no code quotes on the page: {text}");
    let r = print("printer=HandoutPDF", &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["printer"], "HandoutPDF");
    let job = v["job"].as_str().unwrap().to_string();
    // Printed, and gone like downloaded packets.
    assert_eq!(
        request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"").status,
        404
    );
    assert_eq!(print("printer=HandoutPDF", &[]).status, 404);

    let printed = landed(&job);
    // The same group made again, downloaded: the pages printed are its.
    let again = made(&s, &csv);
    let file = request(&s.addr, "GET", &format!("/group/{again}/file"), &[], b"");
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    let doc = lopdf::Document::load_mem(&file.body).unwrap();
    assert_eq!(pages(&printed), doc.get_pages().len());
    let attributes = job_attributes(&job);
    assert!(
        attributes.contains("sides (keyword) = two-sided-long-edge"),
        "{attributes}"
    );
    no_names(&title(&printed), "the job's title");
}

#[test]
fn the_app_prints_booklets_turned_on_the_short_edge() {
    if !printers_ready("printing booklets from the app") {
        return;
    }
    let s = serve(&[]);
    let csv = format!("name\n{}\n", NAMES.join("\n"));
    let query = "lesson=calming-the-body&output=print&booklet=on";
    let token = make_group(&s, query, csv.as_bytes());
    let r = request(
        &s.addr,
        "POST",
        &format!("/group/{token}/print?printer=HandoutStaple"),
        &[],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let job = v["job"].as_str().unwrap().to_string();
    let attributes = job_attributes(&job);
    assert!(
        attributes.contains("sides (keyword) = two-sided-short-edge"),
        "{attributes}"
    );
    assert!(!attributes.contains("StapleLocation"), "{attributes}");
    // The sheets printed are the booklets' sheets.
    let printed = landed(&job);
    let again = make_group(&s, query, csv.as_bytes());
    let file = request(&s.addr, "GET", &format!("/group/{again}/file"), &[], b"");
    let doc = lopdf::Document::load_mem(&file.body).unwrap();
    assert_eq!(pages(&printed), doc.get_pages().len());
    no_names(&title(&printed), "the job's title");
}

#[test]
fn in_a_real_browser_staff_send_the_groups_packets_to_a_printer() {
    if !printers_ready("printing from the group page") {
        return;
    }
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    let dir = tempdir();
    let csv = roster(dir.path());
    browser.go(&format!("http://{}/group", s.addr));
    browser.type_into("#roster", csv.to_str().unwrap());
    browser.click("#l-compassion-in-recovery");
    browser.click("#out-print");
    // The printers CUPS offers, to choose from.
    assert!(
        browser.wait_for(
            "return Array.from(document.querySelectorAll('#gprinter option')).some(o => o.value === 'HandoutPDF');",
            10
        ),
        "no printers offered"
    );
    browser
        .run("var p = document.getElementById('gprinter'); p.value = 'HandoutPDF'; return true;");
    browser.click("#check");
    assert!(
        browser.wait_for("return !document.getElementById('make').disabled;", 30),
        "the roster was not checked"
    );
    browser.click("#make");
    assert!(
        browser.wait_for("return !!document.getElementById('send-print');", 60),
        "no Print button once the packets were made"
    );
    let label = browser.run("return document.getElementById('send-print').textContent;");
    assert_eq!(label, "Print on HandoutPDF");
    browser.click("#send-print");
    assert!(
        browser.wait_for(
            "return document.getElementById('report').textContent.indexOf('Sent to HandoutPDF as job HandoutPDF-') >= 0;",
            30
        ),
        "{}",
        browser.run("return document.getElementById('report').textContent;")
    );
    let said = browser
        .run("return document.getElementById('report').textContent;")
        .as_str()
        .unwrap()
        .to_string();
    let job = job_ids(&said, "HandoutPDF");
    assert_eq!(job.len(), 1, "{said}");
    assert!(pages(&landed(&job[0])) >= 3 * 5);
    // Nothing was downloaded: the packets went to the printer.
    assert_eq!(std::fs::read_dir(downloads.path()).unwrap().count(), 0);
}

/// A folder to put first on `PATH`, with an `lp` of the test's own: it
/// keeps its arguments and the start of what it read, takes the first job
/// (`Fake-1`) and refuses the next as `lp` does.
fn failing_lp(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = dir.join("lp.log");
    let script = format!(
        "#!/bin/sh\n\
         n=$(cat '{log}.n' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{log}.n'\n\
         echo \"args: $*\" >> '{log}'\n\
         head -c 5 >> '{log}'; cat > /dev/null; echo >> '{log}'\n\
         if [ $n -eq 1 ]; then echo 'request id is Fake-1 (0 file(s))'; exit 0; fi\n\
         echo 'lp: Error - The printer is out of paper.' >&2; exit 1\n",
        log = log.display()
    );
    let lp = bin.join("lp");
    std::fs::write(&lp, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn a_job_lp_refuses_stops_the_run_and_says_what_lp_said_and_what_was_sent() {
    if !printers_ready("a job lp refuses") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    let bin = failing_lp(dir.path());
    // The test's `lp` first; CUPS's `lpstat` and the shell's tools after it.
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let out = handout()
        .env("PATH", path)
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .args(["--print", "HandoutStaple"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("`lp` could not send the job: lp: Error - The printer is out of paper."),
        "{said}"
    );
    assert!(
        said.contains("the jobs already sent still print: Fake-1 (roster line 2)"),
        "{said}"
    );
    no_names(&said, "the error");
    // What lp was given: a PDF on its standard input, a title without a
    // name, a staple, and no file.
    let log = std::fs::read_to_string(dir.path().join("lp.log")).unwrap();
    assert!(
        log.contains(
            "args: -d HandoutStaple -t handout: Compassion in Recovery (roster line 2) \
             -o sides=one-sided -o StapleLocation=UpperLeft\n%PDF-"
        ),
        "{log}"
    );
    no_names(&log, "lp's arguments");
}

#[test]
fn a_copy_of_the_job_can_be_kept_and_bad_input_is_still_bad_input() {
    if !printers_ready("keeping a copy of the job") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    let copy = dir.path().join("sent.pdf");
    // A printer that staples, but a copy is one file: one job.
    let out = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .args(["--print", "HandoutStaple", "--combined"])
        .arg(&copy)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let jobs = job_ids(&said, "HandoutStaple");
    assert_eq!(jobs.len(), 1, "{said}");
    assert!(said.contains("wrote"), "{said}");
    let manifest = std::fs::read_to_string(dir.path().join("sent.manifest.csv")).unwrap();
    assert_eq!(manifest.lines().count(), 4, "{manifest}");
    assert_eq!(pages(&landed(&jobs[0])), pages(&copy));
    assert!(!job_attributes(&jobs[0]).contains("StapleLocation (nameWithoutLanguage) = UpperLeft"));

    // A roster with a problem: exit 1, before any printer is asked for.
    let bad = write(dir.path(), "bad.csv", "name,scenarios\nAna Díaz,no-such\n");
    let out = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&bad)
        .args(["--print", "HandoutPFD"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("unknown scenario"), "{said}");
}

#[test]
fn an_app_on_a_computer_without_cups_says_so_in_plain_words_and_keeps_the_packets() {
    let dir = tempdir();
    // No CUPS commands on the way: an empty PATH.
    let s = serve_with(&[], &[("PATH", dir.path())]);
    let r = request(&s.addr, "GET", "/printers", &[], b"");
    assert_eq!(r.status, 503);
    let text = r.text();
    assert!(
        text.contains("Ask whoever looks after this computer to set up printing"),
        "{text}"
    );
    assert!(!text.contains('`') && !text.contains("--"), "{text}");
    let token = made(&s, &format!("name\n{}\n", NAMES.join("\n")));
    let r = request(&s.addr, "POST", &format!("/group/{token}/print"), &[], b"");
    assert_eq!(r.status, 503, "{}", r.text());
    no_names(&r.text(), "the answer");
    // Not printed: still there to download.
    let file = request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"");
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
}

#[test]
fn an_lp_that_never_answers_is_stopped_in_time_and_says_so() {
    if !printers_ready("an lp that never answers") {
        return;
    }
    let dir = tempdir();
    let roster = roster(dir.path());
    // An `lp` that takes the job and then hangs, as a stuck CUPS would.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let lp = bin.join("lp");
    std::fs::write(&lp, "#!/bin/sh\ncat > /dev/null\nexec sleep 600\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = handout()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("HANDOUT_PRINT_TIMEOUT", "2")
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .args(["--print", "HandoutPDF"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("`lp` gave no answer in 2 s, so it was stopped"),
        "{said}"
    );
    assert!(said.contains("systemctl restart cups"), "{said}");
    no_names(&said, "the error");
}

#[test]
fn a_packet_taken_for_a_printers_name_is_said_so() {
    // `--print` takes an optional name, so a packet after it is read as
    // one: before any printer is asked, the error says what happened.
    let dir = tempdir();
    let roster = roster(dir.path());
    let out = handout()
        .args(["batch", "--roster"])
        .arg(&roster)
        .args(["--print", "examples/group.packet.toml"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("no packet or lesson to print was given"),
        "{said}"
    );
    assert!(
        said.contains(
            "`--print` took `examples/group.packet.toml` as a printer's name: put --print after \
             the packet or lessons, or write --print=PRINTER"
        ),
        "{said}"
    );
}
