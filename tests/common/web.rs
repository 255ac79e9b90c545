//! Helpers for the web app's tests: a running `handout serve`, plain
//! HTTP/1.1 requests to it, and a browser driven through chromedriver.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// A running server, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(extra: &[&str]) -> Server {
    serve_with(extra, &[])
}

/// [`serve`] with these environment variables set (`TMPDIR`, `HOME`).
pub fn serve_with(extra: &[&str], env: &[(&str, &std::path::Path)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .envs(env.iter().copied())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("handout serve starts");
    // Notes (a lesson file left out) may come first.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    while !first.contains("http://") {
        first.clear();
        assert!(stderr.read_line(&mut first).unwrap() > 0, "serve stopped");
    }
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    Server { child, addr }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
}

/// One HTTP/1.1 request with the given extra headers.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if method != "GET" {
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    // A server may answer before it has read the whole body (413 for one
    // too large, as HTTP allows) and close: the answer is still there to
    // read, so a body cut off that way is not the test's failure.
    if let Err(e) = s.write_all(body) {
        assert!(
            matches!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            ),
            "sending the body: {e}"
        );
    }
    // Read the header, then the body: as long as it says, or to the end
    // (a server may keep the connection open despite `close`).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "the connection closed before a header");
        raw.extend_from_slice(&buf[..n]);
    };
    let length = String::from_utf8_lossy(&raw[..split])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    match length {
        Some(n) => {
            while raw.len() < split + 4 + n {
                let got = s.read(&mut buf).unwrap();
                assert!(got > 0, "the connection closed mid-body");
                raw.extend_from_slice(&buf[..got]);
            }
        }
        None => {
            s.read_to_end(&mut raw).unwrap();
        }
    }
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let n = usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap().trim(), 16)
                .unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + n]);
            rest = &rest[end + 2 + n + 2..];
        }
        body = out;
    }
    Reply {
        status,
        headers,
        body,
    }
}

pub fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for (k, v) in fields {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        for b in v.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out.into_bytes()
}

/// `pdf`, once the browser has saved it whole (it writes the file, then
/// renames it), copied where the browser won't touch it again.
pub fn wait_for_download(pdf: &std::path::Path) -> std::path::PathBuf {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !std::fs::read(pdf).is_ok_and(|b| b.trim_ascii_end().ends_with(b"%%EOF")) {
        assert!(std::time::Instant::now() < deadline, "no whole download");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let copy = pdf.with_extension("copy.pdf");
    std::fs::copy(pdf, &copy).unwrap();
    copy
}

/// A headless Chromium driven through chromedriver (the W3C WebDriver
/// protocol, plain JSON over HTTP), downloading into `downloads`. None
/// (with a note) without chromedriver; under CI that fails.
pub struct Browser {
    driver: Child,
    addr: String,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = self.call("DELETE", &path, "");
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    pub fn start(downloads: &std::path::Path) -> Option<Browser> {
        // (`chromedriver -v` would start a server, so not `have`.)
        let runs = |tool: &str| {
            Command::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok()
        };
        if !runs("chromedriver") || !runs("chromium") {
            super::skip::skip("chromium or chromedriver", "the browser test");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr = format!("127.0.0.1:{port}");
        let mut b = Browser {
            driver,
            addr,
            session: String::new(),
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while TcpStream::connect(&b.addr).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "chromedriver never listened"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let caps = serde_json::json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--window-size=1280,1000", "--disable-dev-shm-usage"],
                "prefs": {
                    "download.default_directory": downloads.to_str().unwrap(),
                    "download.prompt_for_download": false
                }
            }
        }}});
        let v = b.call("POST", "/session", &caps.to_string());
        b.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Some(b)
    }

    fn call(&self, method: &str, path: &str, body: &str) -> serde_json::Value {
        let r = request(
            &self.addr,
            method,
            path,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        );
        let v: serde_json::Value =
            serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null);
        assert!(r.status < 400, "{method} {path}: {}", r.text());
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    pub fn go(&self, url: &str) {
        self.call(
            "POST",
            &self.s("/url"),
            &serde_json::json!({"url": url}).to_string(),
        );
    }

    /// The window's size, in CSS pixels: a laptop's, a phone's.
    pub fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            &self.s("/window/rect"),
            &serde_json::json!({"width": width, "height": height}).to_string(),
        );
    }

    /// The element `css` finds.
    pub fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.s("/element"),
            &serde_json::json!({"using": "css selector", "value": css}).to_string(),
        );
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(|id| id.as_str())
            .unwrap_or_else(|| panic!("no {css}: {v}"))
            .to_string()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{id}/value")),
            &serde_json::json!({"text": text}).to_string(),
        );
    }

    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &self.s(&format!("/element/{id}/click")), "{}");
    }

    /// What `script` (a function body) returns in the page.
    pub fn run(&self, script: &str) -> serde_json::Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            &serde_json::json!({"script": script, "args": []}).to_string(),
        )
    }

    /// Wait up to `secs` for `script` to return true.
    pub fn wait_for(&self, script: &str, secs: u64) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while std::time::Instant::now() < deadline {
            if self.run(script) == serde_json::Value::Bool(true) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    }
}

/// Start a group run on the app (`/group/start?{query}` with `roster`)
/// and wait until its packets are made: its token.
pub fn make_group(s: &Server, query: &str, roster: &[u8]) -> String {
    let r = request(
        &s.addr,
        "POST",
        &format!("/group/start?{query}"),
        &[("Content-Type", "text/csv")],
        roster,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let token = v["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 32);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let p: serde_json::Value = serde_json::from_slice(
            &request(&s.addr, "GET", &format!("/group/{token}"), &[], b"").body,
        )
        .unwrap();
        assert!(p["problem"].is_null(), "{p}");
        if p["ready"] == true {
            assert_eq!(p["done"], p["total"]);
            return token;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the run never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Start a run and wait for it; the file it hands over.
pub fn run_group(s: &Server, query: &str, roster: &[u8]) -> Reply {
    let token = make_group(s, query, roster);
    let file = request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"");
    // Handed over once, then gone from memory.
    assert_eq!(
        request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"").status,
        404
    );
    file
}
