//! The options of `pmatlas serve`: where it listens, its limits, its request log.

use pmatlas_web::server::Limits;

#[derive(clap::Args)]
pub struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1:8080", env = "PMATLAS_ADDR")]
    pub(crate) addr: std::net::SocketAddr,
    /// Seconds a client has to send a request's headers (and to start its next request
    /// on a kept-alive connection).
    #[arg(long, default_value_t = Limits::default().header_read.as_secs())]
    pub(crate) header_timeout: u64,
    /// Seconds a request may wait for the database (then 503).
    #[arg(long, default_value_t = Limits::default().request.as_secs())]
    pub(crate) request_timeout: u64,
    /// Open connections at most; more are answered 503 and closed.
    #[arg(long, default_value_t = Limits::default().max_connections)]
    pub(crate) max_connections: usize,
    /// Open connections from one address at most (trusted proxies excepted).
    #[arg(long, default_value_t = Limits::default().max_connections_per_address)]
    pub(crate) max_connections_per_address: usize,
    /// Page requests in progress at most; more are answered 503 with Retry-After (not
    /// /healthz). Searches, large pages, downloads and forms have slots of their own.
    #[arg(long, default_value_t = Limits::default().max_in_flight)]
    pub(crate) max_in_flight: usize,
    /// Seconds a request's body may take, plus one for every 16 KiB of it.
    #[arg(long, default_value_t = Limits::default().body.as_secs())]
    pub(crate) body_timeout: u64,
    /// Seconds after which a client that takes nothing of a response is dropped.
    #[arg(long, default_value_t = Limits::default().send_idle.as_secs())]
    pub(crate) send_timeout: u64,
    /// Seconds a shutdown (SIGTERM, SIGINT) waits for requests in progress.
    #[arg(long, default_value_t = Limits::default().shutdown.as_secs())]
    pub(crate) shutdown_timeout: u64,
    /// Connections to the database, for the requests that read or write it (sessions,
    /// history, forms); pages are served from memory. Several servers on one PostgreSQL
    /// need this many each.
    #[arg(long, default_value_t = Limits::default().database_connections as u64, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub(crate) database_connections: u64,
    /// Serve Prometheus metrics (GET /metrics) on this address, apart from the site (say
    /// 127.0.0.1:9187); none without it.
    #[arg(long, env = "PMATLAS_METRICS_ADDR", value_name = "ADDR")]
    pub(crate) metrics_addr: Option<std::net::SocketAddr>,
    /// The address the public reaches the site at (behind a proxy), the base of the feeds'
    /// and the catalogue's links; without it, the address the server listens on.
    #[arg(long, env = "PMATLAS_PUBLIC_URL", value_name = "URL")]
    pub(crate) public_url: Option<String>,
    /// Make the database given with --db when it does not exist (with the demo profile).
    #[arg(long)]
    pub(crate) create: bool,
    /// The address of a reverse proxy in front of the site (repeatable): requests from it
    /// count as coming from the client its X-Forwarded-For header names (for login
    /// throttling, the limit on visitors' submissions and the audit log).
    #[arg(long = "trusted-proxy", value_name = "IP", env = "PMATLAS_TRUSTED_PROXIES", value_delimiter = ',')]
    pub(crate) trusted_proxies: Vec<std::net::IpAddr>,
    /// Where the request log goes, a line per request: `-` (standard output), a file
    /// (appended to), or `off`. Written off the request path: when it cannot keep up,
    /// lines are dropped and counted, never waited for.
    #[arg(long, default_value = "-", env = "PMATLAS_ACCESS_LOG", value_name = "PATH")]
    pub(crate) access_log: String,
    /// The request log's format: `text`, or `json` (an object a line, for log shippers).
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub(crate) log_format: String,
}

impl ServeArgs {
    /// The limits the options set.
    pub fn limits(&self) -> Limits {
        let secs = std::time::Duration::from_secs;
        Limits {
            header_read: secs(self.header_timeout),
            request: secs(self.request_timeout),
            max_connections: self.max_connections,
            max_connections_per_address: self.max_connections_per_address,
            max_in_flight: self.max_in_flight,
            send_idle: secs(self.send_timeout),
            body: secs(self.body_timeout),
            shutdown: secs(self.shutdown_timeout),
            database_connections: self.database_connections as usize,
            ..Limits::default()
        }
    }
}
