//! A minimal W3C WebDriver client for Debian's `chromium-driver`, over the
//! plain-HTTP client of `http.rs` (chromedriver listens on loopback; no TLS
//! stack needed). It knows the dozen commands the browser tests use.

use super::http::{free_port, request};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where the browser and its driver are, when both are installed.
pub struct Installed {
    pub chromium: PathBuf,
    pub driver: PathBuf,
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium and chromedriver: `KLAUSEL_CHROMIUM` / `KLAUSEL_CHROMEDRIVER`,
/// else from PATH.
pub fn installed() -> Option<Installed> {
    let chromium = std::env::var_os("KLAUSEL_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| which(&["chromium", "chromium-browser", "google-chrome"]))?;
    let driver = std::env::var_os("KLAUSEL_CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| which(&["chromedriver"]))?;
    Some(Installed { chromium, driver })
}

/// A running chromedriver with one headless Chromium session; both end
/// when dropped.
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

fn call(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Value {
    let bytes = body.map(|b| b.to_string().into_bytes());
    let r = request(addr, method, path, &[], bytes.as_deref())
        .unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"));
    let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    if r.status >= 400 {
        panic!("webdriver {method} {path}: {} {}", r.status, r.text());
    }
    v["value"].clone()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile,
    /// JavaScript on or off, and a window of `width` × `height`.
    pub fn start(installed: &Installed, javascript: bool, width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new(&installed.driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", installed.driver.display()));
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = request(addr, "GET", "/status", &[], None) {
                if r.status == 200 {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        // These flags keep Chromium from reaching for the network, which
        // hangs it on a machine without one.
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--lang=en-US".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": installed.chromium.to_string_lossy(),
                        "args": args,
                    }
                }
            }
        });
        let mut driver = driver;
        let v = request(
            addr,
            "POST",
            "/session",
            &[],
            Some(caps.to_string().as_bytes()),
        );
        let session = match v {
            Ok(r) if r.status == 200 => r.json()["value"]["sessionId"]
                .as_str()
                .expect("a session id")
                .to_string(),
            other => {
                let _ = driver.kill();
                panic!("no browser session: {other:?}");
            }
        };
        Browser {
            driver,
            addr,
            session,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(
            self.addr,
            method,
            &format!("/session/{}{path}", self.session),
            body.as_ref(),
        )
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// The current URL.
    pub fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` in the page and returns its result.
    pub fn eval(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// The elements matching a CSS selector.
    pub fn all(&self, css: &str) -> Vec<String> {
        let v = self.cmd(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits (up to 10 s) until `css` matches something; its first element.
    pub fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(e) = self.all(css).into_iter().next() {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "nothing matches {css:?} at {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits (up to 10 s) until `check` holds for the page.
    pub fn wait_until(&self, what: &str, check: impl Fn(&Browser) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !check(self) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} at {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clicks an element.
    pub fn click(&self, element: &str) {
        self.cmd(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Types into an element.
    pub fn type_into(&self, element: &str, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Presses and releases one key (no element focused first).
    pub fn press(&self, key: &str) {
        self.cmd(
            "POST",
            "/actions",
            Some(json!({ "actions": [{
                "type": "key", "id": "keyboard",
                "actions": [{ "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }]
            }]})),
        );
    }

    /// An element's visible text.
    pub fn text(&self, element: &str) -> String {
        self.cmd("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// An element's attribute.
    pub fn attr(&self, element: &str, name: &str) -> Option<String> {
        self.cmd("GET", &format!("/element/{element}/attribute/{name}"), None)
            .as_str()
            .map(str::to_string)
    }

    /// Saves a screenshot of the window as PNG.
    pub fn screenshot(&self, to: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = decode_base64(b64.as_str().unwrap_or_default());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).expect("screenshot folder");
        }
        std::fs::write(to, png).expect("screenshot written");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = request(
            self.addr,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (the screenshot's encoding).
fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(decode_base64("aGVsbG8="), b"hello");
    assert_eq!(decode_base64("aGk="), b"hi");
    assert_eq!(decode_base64(""), b"");
}
