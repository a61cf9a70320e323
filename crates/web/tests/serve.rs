//! The real accept loop over real sockets: a client too slow with its header is cut off, the
//! connection cap holds, and raw requests the in-process tests cannot express (two Host headers, an
//! absolute-form target) are refused on the wire.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use tpmprep_web::Limits;

/// Starts the server on a free port with `limits`; stops when the returned sender is dropped.
async fn start(limits: Limits) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, common::App) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = common::app().await;
    let state = tpmprep_web::AppState::new(
        app.store.clone(),
        tpmprep_content::embedded_pack().expect("pack"),
        tpmprep_store::LOCAL_USER,
        addr.port(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(tpmprep_web::serve_with(
        listener,
        state,
        async {
            let _ = stopped.await;
        },
        limits,
    ));
    (addr, stop, app)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    s
}

/// Sends `request` and reads the answer until the server closes the connection.
fn exchange(addr: SocketAddr, request: &str) -> String {
    let mut s = connect(addr);
    s.write_all(request.as_bytes()).expect("write");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether the server has closed `s` (reads EOF or a reset) within `within`.
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).expect("timeout");
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            // A 408 or other answer before the close is fine; keep reading to the close.
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn limits(header_read_timeout: Duration, max_connections: usize) -> Limits {
    Limits {
        header_read_timeout,
        body_read_timeout: Duration::from_millis(800),
        max_connections,
        ..Limits::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_header_is_cut_off() {
    let (addr, _stop, _app) = start(limits(Duration::from_millis(600), 16)).await;
    let host = format!("127.0.0.1:{}", addr.port());
    tokio::task::spawn_blocking(move || {
        // The start of a header, then one byte every 100 ms: never a whole header within the
        // 600 ms allowed.
        let mut s = connect(addr);
        let started = Instant::now();
        s.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\nX-Slow: ").as_bytes())
            .expect("write");
        while started.elapsed() < Duration::from_millis(1_200) {
            if s.write_all(b"a").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(
            closed_within(&mut s, Duration::from_secs(3)),
            "a trickling client kept its connection for {:?}",
            started.elapsed()
        );

        // An idle connection (nothing sent) is closed too.
        let mut idle = connect(addr);
        let started = Instant::now();
        assert!(
            closed_within(&mut idle, Duration::from_secs(5)),
            "idle kept"
        );
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(500) && took < Duration::from_secs(3),
            "{took:?}"
        );

        // A client that sends its header in time is answered as ever.
        let answer = exchange(
            addr,
            &format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    })
    .await
    .expect("client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_body_is_cut_off() {
    let (addr, _stop, _app) = start(limits(Duration::from_secs(30), 16)).await;
    let host = format!("127.0.0.1:{}", addr.port());
    tokio::task::spawn_blocking(move || {
        // A whole header promising 1,000 bytes, then one byte every 100 ms: the body cannot arrive
        // within the 800 ms allowed.
        let mut s = connect(addr);
        let started = Instant::now();
        s.write_all(
            format!(
                "POST /api/v1/critique HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
                 Content-Length: 1000\r\n\r\n{{\"text\": \""
            )
            .as_bytes(),
        )
        .expect("write");
        let mut answer = Vec::new();
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        let mut buf = [0u8; 4096];
        let mut closed = false;
        while started.elapsed() < Duration::from_secs(5) {
            let _ = s.write_all(b"a");
            match s.read(&mut buf) {
                Ok(0) => {
                    closed = true;
                    break;
                }
                Ok(n) => answer.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                    closed = true;
                    break;
                }
                Err(_) => {}
            }
        }
        let answer = String::from_utf8_lossy(&answer);
        assert!(closed, "a trickling body kept its connection; answer so far: {answer}");
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(answer.contains("did not arrive within 1 s"), "{answer}");
        assert!(!answer.contains("Failed to buffer"), "{answer}");
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    })
    .await
    .expect("client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_cap_holds() {
    let (addr, _stop, _app) = start(limits(Duration::from_secs(30), 2)).await;
    let host = format!("127.0.0.1:{}", addr.port());
    tokio::task::spawn_blocking(move || {
        let get = format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
        // Two kept-alive connections, each answered once: they hold both places.
        let mut held: Vec<TcpStream> = (0..2)
            .map(|_| {
                let mut s = connect(addr);
                s.write_all(get.as_bytes()).expect("write");
                let mut buf = [0u8; 512];
                let n = s.read(&mut buf).expect("answer");
                assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
                s
            })
            .collect();
        // A third waits unserved while they stay open.
        let mut third = connect(addr);
        third.write_all(get.as_bytes()).expect("write");
        third
            .set_read_timeout(Some(Duration::from_millis(700)))
            .expect("timeout");
        let mut buf = [0u8; 512];
        match third.read(&mut buf) {
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            other => panic!("a third connection was served past the cap of 2: {other:?}"),
        }
        // One closes: the third is served.
        drop(held.pop());
        third
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let n = third.read(&mut buf).expect("served once a place is free");
        assert!(
            buf[..n].starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&buf[..n])
        );
    })
    .await
    .expect("client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_requests_with_two_hosts_or_a_foreign_target_are_refused_on_the_wire() {
    let (addr, _stop, _app) = start(Limits::default()).await;
    let host = format!("127.0.0.1:{}", addr.port());
    tokio::task::spawn_blocking(move || {
        let cases = [
            (
                format!("GET / HTTP/1.1\r\nHost: {host}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"),
                "HTTP/1.1 400",
                "one Host header",
            ),
            (
                format!("GET http://evil.example/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
                "HTTP/1.1 400",
                "request target",
            ),
            (
                format!(
                    "GET http://evil.example/api/v1/dashboard HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                ),
                "HTTP/1.1 400",
                "request target",
            ),
            (
                format!("GET http://{host}/healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
                "HTTP/1.1 200",
                "ok",
            ),
            (
                format!("TRACE / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
                "HTTP/1.1 405",
                "not served",
            ),
        ];
        for (request, status, says) in cases {
            let answer = exchange(addr, &request);
            let first = request.lines().next().unwrap_or_default();
            assert!(answer.starts_with(status), "{first}: {answer}");
            assert!(answer.contains(says), "{first}: {answer}");
            let lower = answer.to_ascii_lowercase();
            for header in [
                "server-timing: app;dur=",
                "content-security-policy: default-src 'self'",
                "x-frame-options: deny",
            ] {
                assert!(lower.contains(header), "{first}: no {header}: {answer}");
            }
        }
    })
    .await
    .expect("client");
}
