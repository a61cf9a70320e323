//! Load generator for `bench/load.sh`: simulated candidates against `tpmprep serve` processes that
//! share one PostgreSQL, the requests of each candidate alternating between the processes as a
//! round-robin load balancer would send them.
//!
//! ```text
//! tpmprep-load setup --ports P1,P2 --host H --invites FILE --stories 8 --state STATE --acked ACKED
//! tpmprep-load run --state STATE --duration 60 --think 1000-2000 --acked ACKED [--marks MARKS]
//! tpmprep-load dashboard --port P --host H --invite TOKEN --stories 1000 --edits 600 --views 200
//! ```
//!
//! `setup` accepts each invitation (`email token` per line of FILE), signs the account in and gives
//! it a few stories; `run` drives every account as a candidate for the given time; `dashboard`
//! measures the dashboard of one account holding 1,000 stories. Every acknowledged write is
//! appended to ACKED (`kind email id rev marker`, tab-separated) for the check against the
//! database that `bench/load.sh` runs afterwards. MARKS holds `name epoch-ms` lines written by the
//! script (`pg-down`, `pg-up`, `kill`) that the report measures from.

mod http;
mod report;
mod text;

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::http::{Failure, Pool, Request, Response};
use crate::text::Rng;

/// Every account's password (the load is about the app, not about guessing).
const PASSWORD: &str = "correct horse battery load";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let mut opts: HashMap<String, String> = HashMap::new();
    while let Some(k) = args.next() {
        let Some(key) = k.strip_prefix("--") else {
            bail!("unexpected argument `{k}`");
        };
        let v = args
            .next()
            .with_context(|| format!("--{key} needs a value"))?;
        opts.insert(key.to_string(), v);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    match command.as_str() {
        "setup" => rt.block_on(setup(&opts)),
        "run" => rt.block_on(run(&opts)),
        "dashboard" => rt.block_on(dashboard(&opts)),
        _ => bail!("usage: tpmprep-load setup|run|dashboard --option value …"),
    }
}

fn opt<'a>(opts: &'a HashMap<String, String>, key: &str) -> Result<&'a str> {
    opts.get(key)
        .map(String::as_str)
        .with_context(|| format!("--{key} is required"))
}

fn num(opts: &HashMap<String, String>, key: &str, default: u64) -> Result<u64> {
    match opts.get(key) {
        Some(v) => v
            .parse()
            .with_context(|| format!("--{key} takes a whole number, not `{v}`")),
        None => Ok(default),
    }
}

fn pools(ports: &str, host: &str) -> Result<Vec<Arc<Pool>>> {
    ports
        .split(',')
        .map(|p| {
            let port: u16 = p
                .trim()
                .parse()
                .with_context(|| format!("bad port `{p}`"))?;
            Ok(Arc::new(Pool::new(
                SocketAddr::from(([127, 0, 0, 1], port)),
                host.to_string(),
            )))
        })
        .collect()
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// The CSRF token a page carries in `data-csrf="…"`.
fn csrf_of_page(body: &str) -> Option<String> {
    let at = body.find("data-csrf=\"")? + "data-csrf=\"".len();
    let rest = &body[at..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The revision an editor save answered with (`name="base_rev" value="N"`).
fn rev_of_save(body: &str) -> Option<i64> {
    let at = body.find("name=\"base_rev\" value=\"")? + "name=\"base_rev\" value=\"".len();
    let rest = &body[at..];
    rest[..rest.find('"')?].parse().ok()
}

fn json_body(v: &Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

fn parse(resp: &Response) -> Result<Value> {
    serde_json::from_slice(&resp.body).with_context(|| {
        format!(
            "answer {} is not JSON: {}",
            resp.status,
            resp.text().chars().take(200).collect::<String>()
        )
    })
}

/// One signed-in account, as `setup` leaves it for `run`.
#[derive(Clone)]
struct Account {
    email: String,
    session: String,
    csrf: String,
    /// (story id, current revision).
    stories: Vec<(i64, i64)>,
}

impl Account {
    fn to_json(&self) -> Value {
        json!({ "email": self.email, "session": self.session, "csrf": self.csrf, "stories": self.stories })
    }

    fn from_json(v: &Value) -> Option<Account> {
        Some(Account {
            email: v.get("email")?.as_str()?.to_string(),
            session: v.get("session")?.as_str()?.to_string(),
            csrf: v.get("csrf")?.as_str()?.to_string(),
            stories: v
                .get("stories")?
                .as_array()?
                .iter()
                .filter_map(|s| Some((s.get(0)?.as_i64()?, s.get(1)?.as_i64()?)))
                .collect(),
        })
    }
}

/// Sends a request that must succeed (setup), on `pool`.
async fn must(pool: &Pool, req: Request<'_>, want: u16) -> Result<Response> {
    let what = format!("{} {}", req.method, req.path);
    let resp = pool
        .send(&req)
        .await
        .map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
    if resp.status != want {
        bail!(
            "{what} answered {} (wanted {want}): {}",
            resp.status,
            resp.text().chars().take(300).collect::<String>()
        );
    }
    Ok(resp)
}

/// Accepts an invitation and signs in (on the other node): the account, signed in, with its CSRF
/// token.
async fn sign_up(a: &Pool, b: &Pool, email: &str, token: &str) -> Result<Account> {
    let path = format!("/invite/{token}");
    let page = must(a, Request::get(&path), 200).await?;
    let pre = page
        .cookie("tpmprep_csrf")
        .context("the invitation page set no CSRF cookie")?;
    let csrf = csrf_of_page(&page.text()).context("the invitation page has no data-csrf")?;
    let body = http::form(&[("password", PASSWORD), ("again", PASSWORD)]);
    let req = Request::with_body("POST", &path, "application/x-www-form-urlencoded", body)
        .header("cookie", format!("tpmprep_csrf={pre}"))
        .header("x-csrf-token", csrf.clone())
        .header("hx-request", "true");
    must(a, req, 204).await?;
    // Signing in (argon2 again) through the other node, with the same browser's CSRF cookie.
    let body = http::form(&[("email", email), ("password", PASSWORD), ("next", "/")]);
    let req = Request::with_body("POST", "/login", "application/x-www-form-urlencoded", body)
        .header("cookie", format!("tpmprep_csrf={pre}"))
        .header("x-csrf-token", csrf)
        .header("hx-request", "true");
    let signed = must(b, req, 204).await?;
    let session = signed
        .cookie("tpmprep_session")
        .context("signing in set no session cookie")?;
    let home = must(
        a,
        Request::get("/").header("cookie", format!("tpmprep_session={session}")),
        200,
    )
    .await?;
    let csrf = csrf_of_page(&home.text()).context("the dashboard has no data-csrf")?;
    Ok(Account {
        email: email.to_string(),
        session,
        csrf,
        stories: Vec::new(),
    })
}

/// Creates a story through the JSON API: (id, rev).
async fn create_story(pool: &Pool, session: &str, story: &Value) -> Result<(i64, i64)> {
    let req = Request::with_body(
        "POST",
        "/api/v1/stories",
        "application/json",
        json_body(story),
    )
    .header("cookie", format!("tpmprep_session={session}"));
    let v = parse(&must(pool, req, 201).await?)?;
    let id = v.pointer("/meta/id").and_then(Value::as_i64);
    let rev = v.pointer("/meta/rev").and_then(Value::as_i64);
    id.zip(rev).context("a created story without meta.id/rev")
}

fn append(path: &str, lines: &[String]) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {path}"))?;
    for l in lines {
        writeln!(f, "{l}")?;
    }
    Ok(())
}

async fn setup(opts: &HashMap<String, String>) -> Result<()> {
    let pools = pools(opt(opts, "ports")?, opt(opts, "host")?)?;
    let invites =
        std::fs::read_to_string(opt(opts, "invites")?).context("cannot read --invites")?;
    let stories = num(opts, "stories", 8)?;
    let concurrency = num(opts, "concurrency", 8)? as usize;
    let started = Instant::now();
    let list: Vec<(usize, String, String)> = invites
        .lines()
        .filter_map(|l| l.split_once(' '))
        .enumerate()
        .map(|(i, (e, t))| (i, e.to_string(), t.trim().to_string()))
        .collect();
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = Vec::new();
    for (i, email, token) in list {
        let a = pools[i % pools.len()].clone();
        let b = pools[(i + 1) % pools.len()].clone();
        let gate = gate.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await?;
            let mut acct = sign_up(&a, &b, &email, &token).await?;
            let mut rng = Rng::new(1000 + i as u64);
            let mut acked = Vec::new();
            for n in 0..stories {
                let marker = format!("qz{i}s{n}z");
                let story = text::story(&mut rng, n as usize, &marker).json();
                let pool = if n % 2 == 0 { &a } else { &b };
                let (id, rev) = create_story(pool, &acct.session, &story).await?;
                acct.stories.push((id, rev));
                acked.push(format!("rev\t{email}\t{id}\t{rev}\t{marker}"));
            }
            anyhow::Ok((acct, acked))
        }));
    }
    let mut accounts = Vec::new();
    let mut acked = Vec::new();
    for t in tasks {
        let (acct, lines) = t.await??;
        accounts.push(acct.to_json());
        acked.extend(lines);
    }
    append(opt(opts, "acked")?, &acked)?;
    let state =
        json!({ "ports": opt(opts, "ports")?, "host": opt(opts, "host")?, "accounts": accounts });
    std::fs::write(opt(opts, "state")?, state.to_string())?;
    println!(
        "setup: {} accounts invited, signed in and given {stories} stories each in {:.1} s",
        accounts.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What a candidate does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Dashboard,
    StoryList,
    StoryPage,
    Questions,
    MockPage,
    Edit,
    Critique,
    MockStart,
    MockAnswer,
    MockFinish,
    StoryJson,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Dashboard => "GET / (dashboard)",
            Action::StoryList => "GET /stories",
            Action::StoryPage => "GET /stories/{id}",
            Action::Questions => "GET /questions",
            Action::MockPage => "GET /mock/{id}",
            Action::Edit => "PUT /stories/{id} (autosave)",
            Action::Critique => "POST /stories/{id}/critique",
            Action::MockStart => "POST /api/v1/mocks",
            Action::MockAnswer => "POST /api/v1/mocks/{id}/answers",
            Action::MockFinish => "POST /api/v1/mocks/{id}/finish",
            Action::StoryJson => "GET /api/v1/stories/{id}",
        }
    }

    pub const ALL: [Action; 11] = [
        Action::Dashboard,
        Action::StoryList,
        Action::StoryPage,
        Action::Questions,
        Action::MockPage,
        Action::Edit,
        Action::Critique,
        Action::MockStart,
        Action::MockAnswer,
        Action::MockFinish,
        Action::StoryJson,
    ];
}

/// One request as the generator saw it.
#[derive(Debug, Clone)]
pub struct Sample {
    /// When it was sent, unix ms.
    pub sent_ms: u64,
    /// Which server (index into the ports).
    pub node: usize,
    pub action: Action,
    /// The status, or 0 when no answer came.
    pub status: u16,
    pub micros: u64,
    /// The server's own time for it (its `Server-Timing` header), in µs.
    pub server_micros: Option<u64>,
    /// What went wrong, for anything but a 2xx.
    pub problem: Option<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Problem {
    /// A 503 in the promised shape (JSON `{"error"}` on the API, a page or fragment in words).
    Unavailable,
    /// A 503 in another shape.
    UnavailableMalformed(String),
    /// Any other status than the one wanted.
    Status(u16, String),
    /// No connection: the node is down (nothing was sent).
    Refused,
    /// Sent, and the connection failed before an answer: the outcome is unknown.
    Lost,
    Timeout,
}

struct Shared {
    pools: Vec<Arc<Pool>>,
    /// Per node: unix ms until which it counts as down (after a refused connection), as a load
    /// balancer's health check would take it out.
    down_until: Vec<AtomicU64>,
    samples: Mutex<Vec<Sample>>,
    acked: Mutex<Vec<String>>,
}

impl Shared {
    fn record(&self, s: Sample) {
        if let Ok(mut v) = self.samples.lock() {
            v.push(s);
        }
    }

    fn ack(&self, line: String) {
        if let Ok(mut v) = self.acked.lock() {
            v.push(line);
        }
    }
}

/// How long a node that refused a connection is left out.
const DOWN_FOR_MS: u64 = 2_000;

struct Candidate {
    index: usize,
    shared: Arc<Shared>,
    acct: Account,
    /// Stories whose revision is unknown after a save whose answer was lost.
    stale: Vec<bool>,
    mock: Option<i64>,
    next_node: usize,
    writes: u64,
    rng: Rng,
}

impl Candidate {
    /// The next node in turn that is not out.
    fn pick_node(&mut self) -> usize {
        let n = self.shared.pools.len();
        let now = now_ms();
        for k in 0..n {
            let i = (self.next_node + k) % n;
            if self.shared.down_until[i].load(Ordering::Relaxed) <= now {
                self.next_node = (i + 1) % n;
                return i;
            }
        }
        self.next_node = (self.next_node + 1) % n;
        self.next_node
    }

    /// Sends a request as this account, records it, and gives back the answer when one came with
    /// the status wanted.
    async fn send(&mut self, action: Action, mut req: Request<'_>, want: u16) -> Option<Response> {
        req.headers
            .push(("cookie", format!("tpmprep_session={}", self.acct.session)));
        let mut tries = 0;
        loop {
            tries += 1;
            let node = self.pick_node();
            let sent_ms = now_ms();
            let t = Instant::now();
            let result = self.shared.pools[node].send(&req).await;
            let micros = t.elapsed().as_micros() as u64;
            let server_micros = result.as_ref().ok().and_then(server_time);
            let (status, problem, resp) = match result {
                Ok(r) if r.status == want => (r.status, None, Some(r)),
                Ok(r) if r.status == 503 => {
                    let p = match check_unavailable(&req, &r) {
                        Ok(()) => Problem::Unavailable,
                        Err(why) => Problem::UnavailableMalformed(why),
                    };
                    (503, Some(p), None)
                }
                Ok(r) => {
                    let words = r.text().chars().take(160).collect::<String>();
                    (r.status, Some(Problem::Status(r.status, words)), None)
                }
                Err(Failure::Connect(_)) => {
                    self.shared.down_until[node].store(now_ms() + DOWN_FOR_MS, Ordering::Relaxed);
                    self.shared.pools[node].clear();
                    (0, Some(Problem::Refused), None)
                }
                Err(Failure::Lost(_)) => (0, Some(Problem::Lost), None),
                Err(Failure::Timeout) => (0, Some(Problem::Timeout), None),
            };
            let refused = problem == Some(Problem::Refused);
            self.shared.record(Sample {
                sent_ms,
                node,
                action,
                status,
                micros,
                server_micros,
                problem,
            });
            // Nothing was sent to a node that refused the connection: the balancer sends the
            // request to the next one.
            if refused && tries < self.shared.pools.len() {
                continue;
            }
            return resp;
        }
    }

    fn marker(&mut self) -> String {
        self.writes += 1;
        format!("qz{}w{}z", self.index, self.writes)
    }

    async fn act(&mut self, action: Action) {
        let k = self.rng.range(0, self.acct.stories.len() as u64 - 1) as usize;
        let (id, rev) = self.acct.stories[k];
        match action {
            Action::Dashboard => {
                self.send(action, Request::get("/"), 200).await;
            }
            Action::StoryList => {
                self.send(action, Request::get("/stories"), 200).await;
            }
            Action::StoryPage | Action::StoryJson => {
                let path = format!("/stories/{id}");
                self.send(action, Request::get(&path), 200).await;
            }
            Action::Questions => {
                let path = format!("/questions?principle={}", self.rng.pick(&text::PRINCIPLES));
                self.send(action, Request::get(&path), 200).await;
            }
            Action::MockPage => {
                let path = match self.mock {
                    Some(m) => format!("/mock/{m}"),
                    None => "/mock".to_string(),
                };
                self.send(action, Request::get(&path), 200).await;
            }
            Action::Edit => {
                let rev = if self.stale[k] {
                    // The last save's answer was lost: read where the story stands first, as a
                    // reloaded page would.
                    let path = format!("/api/v1/stories/{id}");
                    match self.send(Action::StoryJson, Request::get(&path), 200).await {
                        Some(r) => match parse(&r)
                            .ok()
                            .and_then(|v| v.pointer("/meta/rev").and_then(Value::as_i64))
                        {
                            Some(rev) => {
                                self.stale[k] = false;
                                rev
                            }
                            None => return,
                        },
                        None => return,
                    }
                } else {
                    rev
                };
                let marker = self.marker();
                let story = text::story(&mut self.rng, k, &marker);
                let fields = story.form(rev);
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let path = format!("/stories/{id}");
                let req = Request::with_body(
                    "PUT",
                    &path,
                    "application/x-www-form-urlencoded",
                    http::form(&pairs),
                )
                .header("x-csrf-token", self.acct.csrf.clone())
                .header("hx-request", "true");
                match self.send(action, req, 200).await {
                    Some(r) => match rev_of_save(&r.text()) {
                        Some(new) => {
                            self.acct.stories[k].1 = new;
                            let email = &self.acct.email;
                            self.shared
                                .ack(format!("rev\t{email}\t{id}\t{new}\t{marker}"));
                        }
                        None => self.stale[k] = true,
                    },
                    None => self.stale[k] = true,
                }
            }
            Action::Critique => {
                let marker = self.marker();
                let story = text::story(&mut self.rng, k, &marker);
                let fields = story.form(rev);
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let path = format!("/stories/{id}/critique");
                let req = Request::with_body(
                    "POST",
                    &path,
                    "application/x-www-form-urlencoded",
                    http::form(&pairs),
                )
                .header("x-csrf-token", self.acct.csrf.clone())
                .header("hx-request", "true");
                self.send(action, req, 200).await;
            }
            Action::MockStart | Action::MockAnswer | Action::MockFinish => match self.mock {
                None => {
                    let body = json_body(&json!({ "kind": "phone-screen" }));
                    let req = Request::with_body("POST", "/api/v1/mocks", "application/json", body);
                    if let Some(r) = self.send(Action::MockStart, req, 201).await {
                        if let Some(m) = parse(&r).ok().and_then(|v| v.get("id")?.as_i64()) {
                            self.mock = Some(m);
                            let email = &self.acct.email;
                            self.shared.ack(format!("mock\t{email}\t{m}\t0\t-"));
                        }
                    }
                }
                Some(m) => {
                    let marker = self.marker();
                    let answer = text::answer(&mut self.rng, &marker);
                    let seconds = self.rng.range(60, 180);
                    let body = json_body(&json!({ "text": answer, "seconds": seconds }));
                    let path = format!("/api/v1/mocks/{m}/answers");
                    let req = Request::with_body("POST", &path, "application/json", body);
                    if let Some(r) = self.send(Action::MockAnswer, req, 200).await {
                        let email = &self.acct.email;
                        self.shared
                            .ack(format!("answer\t{email}\t{m}\t0\t{marker}"));
                        let v = parse(&r).unwrap_or(Value::Null);
                        let finished = v.get("finished").and_then(Value::as_bool) == Some(true);
                        let waiting = v.get("current").is_some_and(|c| !c.is_null());
                        if finished {
                            self.mock = None;
                        } else if !waiting {
                            let path = format!("/api/v1/mocks/{m}/finish");
                            let req = Request::with_body(
                                "POST",
                                &path,
                                "application/json",
                                b"{}".to_vec(),
                            );
                            if self.send(Action::MockFinish, req, 200).await.is_some() {
                                self.mock = None;
                            }
                        }
                    }
                }
            },
        }
    }
}

/// The server's own time from its `Server-Timing: app;dur=MS` header, in µs.
fn server_time(r: &Response) -> Option<u64> {
    let ms: f64 = r
        .header("server-timing")?
        .split(';')
        .find_map(|p| p.trim().strip_prefix("dur="))?
        .parse()
        .ok()?;
    Some((ms * 1000.0) as u64)
}

/// A 503 must say what happened in the client's own form: JSON `{"error": "…"}` on the API, an
/// HTML fragment for htmx, else a page in words.
fn check_unavailable(req: &Request<'_>, r: &Response) -> Result<(), String> {
    let ct = r.header("content-type").unwrap_or("");
    if req.path.starts_with("/api/") {
        if !ct.starts_with("application/json") {
            return Err(format!("API 503 as `{ct}`"));
        }
        let v: Value = serde_json::from_slice(&r.body).map_err(|e| format!("not JSON: {e}"))?;
        match v.get("error").and_then(Value::as_str) {
            Some(s) if !s.is_empty() => Ok(()),
            _ => Err(format!("JSON without an error: {v}")),
        }
    } else {
        let body = r.text();
        if !ct.starts_with("text/html") || body.trim().is_empty() {
            return Err(format!(
                "page 503 as `{ct}`: {}",
                body.chars().take(100).collect::<String>()
            ));
        }
        Ok(())
    }
}

/// Weights of the mix (out of 100): what a candidate does between pauses.
const MIX: [(Action, u64); 8] = [
    (Action::Dashboard, 15),
    (Action::StoryList, 10),
    (Action::StoryPage, 12),
    (Action::Questions, 8),
    (Action::MockPage, 5),
    (Action::Edit, 20),
    (Action::Critique, 15),
    (Action::MockAnswer, 15),
];

fn choose(rng: &mut Rng) -> Action {
    let total: u64 = MIX.iter().map(|(_, w)| w).sum();
    let mut x = rng.range(0, total - 1);
    for (a, w) in MIX {
        if x < w {
            return a;
        }
        x -= w;
    }
    Action::Dashboard
}

async fn run(opts: &HashMap<String, String>) -> Result<()> {
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(opt(opts, "state")?).context("cannot read --state")?,
    )?;
    let ports = state.get("ports").and_then(Value::as_str).unwrap_or("");
    let host = state.get("host").and_then(Value::as_str).unwrap_or("");
    let pools = pools(ports, host)?;
    let accounts: Vec<Account> = state
        .get("accounts")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Account::from_json).collect())
        .unwrap_or_default();
    if accounts.is_empty() || accounts.iter().any(|a| a.stories.is_empty()) {
        bail!("the state file holds no accounts with stories; run setup first");
    }
    let duration = Duration::from_secs(num(opts, "duration", 60)?);
    let think = opts.get("think").map_or("1000-2000", String::as_str);
    let (lo, hi) = think
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)))
        .context("--think takes MIN-MAX milliseconds")?;
    let seed = num(opts, "seed", 7)?;
    let shared = Arc::new(Shared {
        down_until: pools.iter().map(|_| AtomicU64::new(0)).collect(),
        pools,
        samples: Mutex::new(Vec::new()),
        acked: Mutex::new(Vec::new()),
    });
    let started_ms = now_ms();
    let started = Instant::now();
    let deadline = started + duration;
    // How late a 10 ms sleep wakes up: the machine's own stalls (other processes on the cores),
    // which every request measured here suffers too.
    let hiccups = tokio::spawn(async move {
        let mut late = Vec::new();
        while Instant::now() < deadline {
            let t = Instant::now();
            tokio::time::sleep(Duration::from_millis(10)).await;
            late.push(
                t.elapsed()
                    .saturating_sub(Duration::from_millis(10))
                    .as_micros() as u64,
            );
        }
        late
    });
    let mut tasks = Vec::new();
    for (i, acct) in accounts.into_iter().enumerate() {
        let shared = shared.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Candidate {
                index: i,
                stale: vec![false; acct.stories.len()],
                acct,
                shared,
                mock: None,
                next_node: i,
                writes: 0,
                rng: Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i as u64)),
            };
            // Arrivals spread over the first pause, not all at once.
            tokio::time::sleep(Duration::from_millis(c.rng.range(0, hi))).await;
            while Instant::now() < deadline {
                let action = choose(&mut c.rng);
                c.act(action).await;
                let pause = Duration::from_millis(c.rng.range(lo, hi));
                if Instant::now() + pause >= deadline {
                    break;
                }
                tokio::time::sleep(pause).await;
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let elapsed = started.elapsed();
    let hiccups = hiccups.await?;
    let samples = shared.samples.lock().map(|s| s.clone()).unwrap_or_default();
    let acked = shared.acked.lock().map(|a| a.clone()).unwrap_or_default();
    append(opt(opts, "acked")?, &acked)?;
    let marks = match opts.get("marks") {
        Some(p) => std::fs::read_to_string(p).unwrap_or_default(),
        None => String::new(),
    };
    let marks: Vec<(String, u64)> = marks
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_string(), v.trim().parse().ok()?))
        })
        .collect();
    let ports: Vec<&str> = ports.split(',').collect();
    let opened: Vec<u64> = shared
        .pools
        .iter()
        .map(|p| p.opened.load(Ordering::Relaxed))
        .collect();
    print!(
        "{}",
        report::text(&report::Run {
            samples: &samples,
            acked: &acked,
            ports: &ports,
            started_ms,
            elapsed,
            think: (lo, hi),
            candidates: tasks_len(&state),
            marks: &marks,
            connections: &opened,
            hiccups: &hiccups,
            cpu_s: own_cpu_seconds(),
        })
    );
    Ok(())
}

/// This process's CPU time so far (user + system), from /proc.
fn own_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn tasks_len(state: &Value) -> usize {
    state
        .get("accounts")
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

/// The dashboard of one account holding many stories: its server time (the `Server-Timing`
/// header) over sequential views, after the stories are created and edited through the API.
async fn dashboard(opts: &HashMap<String, String>) -> Result<()> {
    let pools = pools(opt(opts, "port")?, opt(opts, "host")?)?;
    let pool = pools.first().context("--port is required")?;
    let stories = num(opts, "stories", 1000)?;
    let edits = num(opts, "edits", 600)?;
    let views = num(opts, "views", 200)?;
    // `--session FILE` reuses the account (and stories) of a run given `--session-out FILE`.
    let session = match opts.get("session") {
        Some(file) => std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {file}"))?
            .trim()
            .to_string(),
        None => {
            sign_up(pool, pool, opt(opts, "email")?, opt(opts, "invite")?)
                .await?
                .session
        }
    };
    if let Some(file) = opts.get("session-out") {
        std::fs::write(file, &session)?;
    }
    let cookie = format!("tpmprep_session={session}");
    let mut rng = Rng::new(99);
    let started = Instant::now();
    let mut ids = Vec::new();
    for n in 0..stories {
        let story = text::story(&mut rng, n as usize, &format!("qzdash{n}z")).json();
        ids.push(create_story(pool, &session, &story).await?);
    }
    let created = started.elapsed();
    // Edits as autosave makes them: three more revisions of each of the first edits/3 stories.
    let started = Instant::now();
    let mut done = 0;
    'edits: for (id, rev) in ids.iter_mut() {
        for _ in 0..3 {
            if done >= edits {
                break 'edits;
            }
            let story = text::story(&mut rng, 0, "qzedit").json();
            let body = json_body(&json!({ "base_rev": *rev, "content": story }));
            let path = format!("/api/v1/stories/{id}");
            let req = Request::with_body("PUT", &path, "application/json", body)
                .header("cookie", cookie.clone());
            let v = parse(&must(pool, req, 200).await?)?;
            *rev = v
                .pointer("/meta/rev")
                .and_then(Value::as_i64)
                .unwrap_or(*rev + 1);
            done += 1;
        }
    }
    let edited = started.elapsed();
    if stories > 0 {
        println!(
            "dashboard account: {stories} stories created in {:.1} s and {done} edits saved in {:.1} s through the API",
            created.as_secs_f64(),
            edited.as_secs_f64()
        );
    }
    if views == 0 {
        return Ok(());
    }
    // How many stories the account holds, for the report (`--holding` when made earlier).
    let holding = opts
        .get("holding")
        .map_or(stories.to_string(), String::clone);
    let timing = |r: &Response| -> Option<f64> {
        r.header("server-timing")?
            .split(';')
            .find_map(|p| p.trim().strip_prefix("dur="))?
            .parse()
            .ok()
    };
    let first = must(
        pool,
        Request::get("/").header("cookie", cookie.clone()),
        200,
    )
    .await?;
    let first_ms = timing(&first).unwrap_or(f64::NAN);
    let mut server = Vec::new();
    let mut total = Vec::new();
    for _ in 0..views {
        let t = Instant::now();
        let r = must(
            pool,
            Request::get("/").header("cookie", cookie.clone()),
            200,
        )
        .await?;
        total.push(t.elapsed().as_secs_f64() * 1000.0);
        server.push(timing(&r).unwrap_or(f64::NAN));
    }
    let stat = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let at = |q: f64| v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        format!(
            "median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            at(0.5),
            at(0.99),
            at(1.0)
        )
    };
    println!(
        "GET / with {holding} stories, first view (scores any unscored story): server {first_ms:.2} ms"
    );
    println!(
        "GET / with {holding} stories, {views} sequential views, server time: {}",
        stat(&mut server)
    );
    println!(
        "GET / with {holding} stories, {views} sequential views, client total: {}",
        stat(&mut total)
    );
    Ok(())
}
