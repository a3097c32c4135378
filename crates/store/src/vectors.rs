//! The stored sentence embeddings (see `migrations/0011_vectors.sql`): which texts have
//! one, adding them, and reading them all for a read view.

use std::collections::HashSet;

use crate::{args, Store, StoreError};
use pmatlas_core::matching::meaning::Vectors;

impl Store {
    /// The keys of the texts that have a vector of `model`.
    pub fn vector_keys(&self, model: &str) -> Result<HashSet<u64>, StoreError> {
        let mut keys = HashSet::new();
        self.conn.each("SELECT key FROM vectors WHERE model = ?1", args![model], |r| {
            keys.insert(r.get::<i64>(0)? as u64);
            Ok(())
        })?;
        Ok(keys)
    }

    /// Stores vectors of `model` (key, scale, bytes), in one transaction; vectors of any
    /// other model are removed (they cannot be compared with these).
    pub fn put_vectors(&mut self, model: &str, rows: &[(u64, f32, Vec<i8>)]) -> Result<(), StoreError> {
        let tx = self.conn.begin()?;
        tx.exec("DELETE FROM vectors WHERE model <> ?1", args![model])?;
        for (key, scale, q) in rows {
            let bytes: Vec<u8> = q.iter().map(|x| *x as u8).collect();
            tx.exec(
                "INSERT INTO vectors (key, model, scale, q) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET model = excluded.model, scale = excluded.scale, q = excluded.q",
                args![*key as i64, model, f64::from(*scale), &bytes],
            )?;
        }
        tx.exec("UPDATE vectors_generation SET n = n + 1", &[])?;
        tx.commit()
    }

    /// Changes whenever vectors are stored (one row read).
    pub fn vectors_mark(&self) -> Result<i64, StoreError> {
        self.conn.one("SELECT n FROM vectors_generation", &[])
    }

    /// How many texts have a vector (reads the whole table: for `model status`).
    pub fn vector_count(&self) -> Result<i64, StoreError> {
        self.conn.one("SELECT count(*) FROM vectors", &[])
    }

    /// Every stored vector (of one model: storing removes the others).
    pub fn vectors(&self) -> Result<Vectors, StoreError> {
        let mut out: Option<Vectors> = None;
        self.conn.each("SELECT key, model, scale, q FROM vectors", &[], |r| {
            let model: String = r.get(1)?;
            let v = out.get_or_insert_with(|| Vectors::new(&model));
            let q: Vec<u8> = r.get(3)?;
            let q: Vec<i8> = q.into_iter().map(|x| x as i8).collect();
            v.insert(r.get::<i64>(0)? as u64, r.get::<f64>(2)? as f32, &q);
            Ok(())
        })?;
        Ok(out.unwrap_or_default())
    }
}
