//! The accept loop: HTTP/1.1 connections from the listener, each served by the router, with three
//! limits a slow or greedy client meets: the time to send a request's header (from the connection
//! opening, or from the end of the previous answer on a kept-alive connection), the time to send its
//! body (from the end of the header), and the number of connections served at once (past it, new
//! connections wait in the kernel's queue until one closes).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use http_body::{Frame, SizeHint};

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;

use crate::AppState;

/// Limits on the connections [`serve_with`] accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time a client has to send a whole request header; an idle kept-alive connection is closed
    /// when it passes too.
    pub header_read_timeout: Duration,
    /// Time a client has to send a request's body once its header is in (a 48 MB import over
    /// loopback takes well under a second).
    pub body_read_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// How long a shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            max_connections: 128,
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Serves the app on `listener` with the default [`Limits`] until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, state, shutdown, Limits::default()).await
}

/// Serves the app on `listener` under `limits` until `shutdown` completes; then lets requests in
/// flight finish for up to `limits.shutdown_grace`.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    limits: Limits,
) -> std::io::Result<()> {
    // The narrative critic's grammar linter (harper) takes about a second to build: build it now,
    // off the async threads, so the first writing critique does not wait for it.
    tokio::task::spawn_blocking(|| {
        tpmprep_narrative::Grammar::shared();
    });
    let body_timeout = limits.body_read_timeout;
    let app = crate::router(state).layer(axum::middleware::map_request(
        move |req: Request| async move {
            // A request without a body (most GETs) has nothing to wait for.
            if http_body::Body::is_end_stream(req.body()) {
                req
            } else {
                req.map(|body| Body::new(TimedBody::new(body, body_timeout)))
            }
        },
    ));
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let shutdown = std::pin::pin!(shutdown);
    let mut shutdown = shutdown;
    loop {
        // A free place first, then a connection: past the cap, connections wait unaccepted.
        let permit = tokio::select! {
            biased;
            () = &mut shutdown => break,
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            r = listener.accept() => match r {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        eprintln!("tpmprep: cannot accept a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        // Each request knows the address it came from (sign-in limits count by it).
        let svc = tower::ServiceExt::map_request(
            app.clone(),
            move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                req
            },
        );
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that goes away, or is too slow with its header, ends its connection; that
            // is no error of the server's.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(limits.shutdown_grace) => {},
    }
    Ok(())
}

/// A request body that must arrive whole within its time; past it, reading fails (the handler's
/// extractor answers 400 with these words, and the connection closes with the body unread).
struct TimedBody {
    inner: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
    limit: Duration,
}

impl TimedBody {
    fn new(inner: Body, limit: Duration) -> TimedBody {
        TimedBody {
            inner,
            deadline: Box::pin(tokio::time::sleep(limit)),
            limit,
        }
    }
}

/// Why a body stopped being read.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within {0} s; send it again")]
struct TooSlow(u64);

impl http_body::Body for TimedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if self.deadline.as_mut().poll(cx).is_ready() {
            let secs = self.limit.as_secs().max(1);
            return Poll::Ready(Some(Err(axum::Error::new(TooSlow(secs)))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
