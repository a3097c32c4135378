//! The stored sentence embeddings (see `migrations/0011_vectors.sql`): which texts have
//! one, adding them, and reading them all for a read view.

use std::collections::HashSet;

use pmatlas_core::matching::meaning::Vectors;
use rusqlite::params;

use crate::{Store, StoreError};

impl Store {
    /// The keys of the texts that have a vector of `model`.
    pub fn vector_keys(&self, model: &str) -> Result<HashSet<u64>, StoreError> {
        let mut st = self.conn.prepare("SELECT key FROM vectors WHERE model = ?1")?;
        let keys = st.query_map(params![model], |r| r.get::<_, i64>(0))?;
        Ok(keys.map(|k| k.map(|k| k as u64)).collect::<Result<_, _>>()?)
    }

    /// Stores vectors of `model` (key, scale, bytes), in one transaction; vectors of any
    /// other model are removed (they cannot be compared with these).
    pub fn put_vectors(&mut self, model: &str, rows: &[(u64, f32, Vec<i8>)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM vectors WHERE model <> ?1", params![model])?;
        {
            let mut st = tx.prepare("INSERT OR REPLACE INTO vectors (key, model, scale, q) VALUES (?1, ?2, ?3, ?4)")?;
            for (key, scale, q) in rows {
                let bytes: Vec<u8> = q.iter().map(|x| *x as u8).collect();
                st.execute(params![*key as i64, model, f64::from(*scale), bytes])?;
            }
        }
        tx.execute("UPDATE vectors_generation SET n = n + 1", [])?;
        tx.commit()?;
        Ok(())
    }

    /// Changes whenever vectors are stored (one row read).
    pub fn vectors_mark(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT n FROM vectors_generation", [], |r| r.get(0))?)
    }

    /// How many texts have a vector (reads the whole table: for `model status`).
    pub fn vector_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT count(*) FROM vectors", [], |r| r.get(0))?)
    }

    /// Every stored vector (of one model: storing removes the others).
    pub fn vectors(&self) -> Result<Vectors, StoreError> {
        let mut st = self.conn.prepare("SELECT key, model, scale, q FROM vectors")?;
        let mut rows = st.query([])?;
        let mut out: Option<Vectors> = None;
        while let Some(r) = rows.next()? {
            let model: String = r.get(1)?;
            let v = out.get_or_insert_with(|| Vectors::new(&model));
            let q: Vec<u8> = r.get(3)?;
            let q: Vec<i8> = q.into_iter().map(|x| x as i8).collect();
            v.insert(r.get::<_, i64>(0)? as u64, r.get::<_, f64>(2)? as f32, &q);
        }
        Ok(out.unwrap_or_default())
    }
}
