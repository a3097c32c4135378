//! The website and its map: `serve`, `shapes`.

use std::path::Path;
use std::process::ExitCode;

use crate::error::CliError;
use crate::{open_store, read_store, ShapesAction};

/// Where the request log goes (`-`, a file, `off`) and in which format (`text`, `json`).
pub struct AccessLog {
    pub to: String,
    pub format: String,
    /// Where Prometheus scrapes the metrics, if anywhere.
    pub metrics: Option<std::net::SocketAddr>,
}

pub fn serve(
    addr: std::net::SocketAddr,
    db: &pmatlas_store::Location,
    limits: pmatlas_web::server::Limits,
    trusted_proxies: &[std::net::IpAddr],
    public_url: Option<&str>,
    log: AccessLog,
) -> Result<ExitCode, CliError> {
    tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let format = pmatlas_web::access::Format::parse(&log.format)
        .ok_or_else(|| CliError::Usage(format!("--log-format {}: text or json", log.format)))?;
    match log.to.as_str() {
        "off" => {}
        "-" => pmatlas_web::access::start(format, Box::new(std::io::stdout())),
        path => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| CliError::io(Path::new(path), e))?;
            pmatlas_web::access::start(format, Box::new(file));
        }
    }
    pmatlas_web::prepare_process();
    let rt =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| CliError::io(&db.beside(), e))?;
    // A write through the site (an approval, an edit) embeds the region's new texts, when
    // the model is installed: loaded for that, and dropped after.
    let at = db.clone();
    let on_write: pmatlas_web::OnWrite = std::sync::Arc::new(move |codes: &[pmatlas_core::NutsCode]| {
        match crate::commands::model::embed(&at, Some(codes), true) {
            Ok(Some(e)) if e.embedded > 0 => {
                tracing::info!("embedded {} new texts of {} in {:.1} s", e.embedded, e.texts, e.seconds)
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("the new texts were not embedded: {e}"),
        }
    });
    rt.block_on(pmatlas_web::serve(addr, db, limits, trusted_proxies, public_url, Some(on_write), log.metrics))
        .map_err(|e| CliError::Usage(format!("serve: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

pub fn shapes(db: &pmatlas_store::Location, action: ShapesAction) -> Result<ExitCode, CliError> {
    match action {
        ShapesAction::Status => match read_store(db)?.shapes_source()? {
            Some((source, at, n)) => outln!("{n} shapes installed {at} from {source}"),
            None => outln!(
                "no boundary shapes installed: run `pmatlas shapes install` (GISCO NUTS 2021) or give a GeoJSON file"
            ),
        },
        ShapesAction::Install { source, tolerance } => {
            let text = if source.starts_with("http://") || source.starts_with("https://") {
                let out = std::process::Command::new("curl")
                    .args(["-fsSL", "--max-time", "300", &source])
                    .output()
                    .map_err(|e| {
                        CliError::Usage(format!("fetching {source} needs curl ({e}); or download it and give the file"))
                    })?;
                if !out.status.success() {
                    return Err(CliError::Usage(format!(
                        "could not fetch {source}: {}; download it and give the file",
                        String::from_utf8_lossy(&out.stderr).trim()
                    )));
                }
                String::from_utf8(out.stdout).map_err(|_| CliError::Usage(format!("{source} is not UTF-8 text")))?
            } else {
                let path = Path::new(&source);
                std::fs::read_to_string(path).map_err(|e| CliError::io(path, e))?
            };
            let shapes = pmatlas_core::geo::shapes_from_geojson(&text, tolerance)
                .map_err(|e| CliError::Usage(format!("{source}: {e}")))?;
            open_store(db)?.install_shapes(&shapes, &source)?;
            let levels: Vec<String> =
                (0..4).map(|l| format!("{} of level {l}", shapes.iter().filter(|s| s.level == l).count())).collect();
            outln!("installed {} shapes ({}) from {source}", shapes.len(), levels.join(", "));
            outln!("maps show: © EuroGeographics for the administrative boundaries");
        }
    }
    Ok(ExitCode::SUCCESS)
}
