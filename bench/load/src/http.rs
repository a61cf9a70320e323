//! A small HTTP/1.1 client: keep-alive connections to one server in a pool, as a load balancer
//! keeps them to each app node (so 200 candidates do not hold 400 sockets), requests with a
//! Content-Length body, responses with a Content-Length or chunked body.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// A kept-alive connection is not reused after this long idle (the server closes idle ones after
/// its 10 s header timeout; reusing one near that edge races its close).
const REUSE_WITHIN: Duration = Duration::from_secs(4);
/// The longest a request may take before it counts as timed out.
const TIMEOUT: Duration = Duration::from_secs(15);

/// One request.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: Vec<(&'a str, String)>,
    pub body: Vec<u8>,
}

impl<'a> Request<'a> {
    pub fn get(path: &'a str) -> Request<'a> {
        Request {
            method: "GET",
            path,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_body(method: &'a str, path: &'a str, content_type: &str, body: Vec<u8>) -> Self {
        Request {
            method,
            path,
            headers: vec![("content-type", content_type.to_string())],
            body,
        }
    }

    pub fn header(mut self, name: &'a str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// One response, read whole.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header of that name (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value a `Set-Cookie` header gives the cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next())
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Why a request got no response.
#[derive(Debug)]
pub enum Failure {
    /// No connection could be made (nothing listens: the node is down). Nothing was sent.
    Connect(std::io::Error),
    /// The connection failed after the request was sent (reset, closed): its outcome is unknown.
    Lost(String),
    /// No whole response within the timeout: outcome unknown.
    Timeout,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Connect(e) => write!(f, "cannot connect: {e}"),
            Failure::Lost(e) => write!(f, "connection lost: {e}"),
            Failure::Timeout => write!(f, "timed out after {} s", TIMEOUT.as_secs()),
        }
    }
}

struct Conn {
    stream: BufReader<TcpStream>,
    idle_since: Instant,
}

/// Kept-alive connections to one server.
pub struct Pool {
    pub addr: SocketAddr,
    /// The Host header every request carries.
    pub host: String,
    idle: Mutex<Vec<Conn>>,
    /// Connections opened so far.
    pub opened: AtomicU64,
}

impl Pool {
    pub fn new(addr: SocketAddr, host: String) -> Pool {
        Pool {
            addr,
            host,
            idle: Mutex::new(Vec::new()),
            opened: AtomicU64::new(0),
        }
    }

    fn take(&self) -> Option<Conn> {
        let mut idle = self.idle.lock().ok()?;
        while let Some(c) = idle.pop() {
            if c.idle_since.elapsed() < REUSE_WITHIN {
                return Some(c);
            }
        }
        None
    }

    fn put(&self, mut c: Conn) {
        c.idle_since = Instant::now();
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(c);
        }
    }

    /// Forgets every idle connection (after the node behind them went away).
    pub fn clear(&self) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
    }

    /// Sends one request and reads its whole response.
    pub async fn send(&self, req: &Request<'_>) -> Result<Response, Failure> {
        let conn = match self.take() {
            Some(c) => c,
            None => {
                let stream = TcpStream::connect(self.addr)
                    .await
                    .map_err(Failure::Connect)?;
                let _ = stream.set_nodelay(true);
                self.opened.fetch_add(1, Ordering::Relaxed);
                Conn {
                    stream: BufReader::new(stream),
                    idle_since: Instant::now(),
                }
            }
        };
        match tokio::time::timeout(TIMEOUT, exchange(conn, &self.host, req)).await {
            Err(_) => Err(Failure::Timeout),
            Ok(Err(e)) => Err(Failure::Lost(e.to_string())),
            Ok(Ok((resp, conn))) => {
                if let Some(c) = conn {
                    self.put(c);
                }
                Ok(resp)
            }
        }
    }
}

type Io<T> = std::io::Result<T>;

fn bad(what: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.into())
}

/// Writes the request, reads the response; gives the connection back when it may be reused.
async fn exchange(mut conn: Conn, host: &str, req: &Request<'_>) -> Io<(Response, Option<Conn>)> {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: {host}\r\ncontent-length: {}\r\n",
        req.method,
        req.path,
        req.body.len()
    );
    for (k, v) in &req.headers {
        head.push_str(k);
        head.push_str(": ");
        head.push_str(v);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&req.body);
    conn.stream.get_mut().write_all(&out).await?;

    let mut raw = Vec::with_capacity(1024);
    loop {
        let n = conn.stream.read_until(b'\n', &mut raw).await?;
        if n == 0 {
            return Err(bad("the server closed the connection before answering"));
        }
        if raw.ends_with(b"\r\n\r\n") {
            break;
        }
        if raw.len() > 64 * 1024 {
            return Err(bad("response header over 64 KB"));
        }
    }
    let mut slots = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Response::new(&mut slots);
    match parsed.parse(&raw) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(bad("partial response header")),
        Err(e) => return Err(bad(format!("bad response header: {e}"))),
    }
    let status = parsed.code.unwrap_or(0);
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let close = find("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
    let chunked =
        find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let length = find("content-length").and_then(|v| v.trim().parse::<usize>().ok());
    let mut body = Vec::new();
    let mut reusable = !close;
    if req.method == "HEAD" || status == 204 || status == 304 || (100..200).contains(&status) {
    } else if chunked {
        loop {
            let mut line = String::new();
            conn.stream.read_line(&mut line).await?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad(format!("bad chunk size `{}`", line.trim())))?;
            if size == 0 {
                // Trailers, up to the empty line.
                loop {
                    line.clear();
                    let n = conn.stream.read_line(&mut line).await?;
                    if n == 0 || line == "\r\n" {
                        break;
                    }
                }
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            conn.stream.read_exact(&mut body[start..]).await?;
            let mut crlf = [0u8; 2];
            conn.stream.read_exact(&mut crlf).await?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        conn.stream.read_exact(&mut body).await?;
    } else {
        conn.stream.read_to_end(&mut body).await?;
        reusable = false;
    }
    let resp = Response {
        status,
        headers,
        body,
    };
    Ok((resp, reusable.then_some(conn)))
}

/// A form body: `k=v&…`, percent-encoded.
pub fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, k);
        out.push('=');
        encode_into(&mut out, v);
    }
    out.into_bytes()
}

fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}
