//! Submissions: a profile sent by a region (an account or a visitor) for a curator to
//! approve or reject. Approving publishes a new version recording who submitted it, who
//! approved it and the submission it came from; a submission made on a version that has
//! since changed is merged field by field with what changed (`core::publish::merge`), and
//! a field both changed is a conflict naming both versions: nothing is silently lost.

use crate::db::{Conn, Row};
use crate::version::{current_in, load_profile, Source, Write};
use crate::write::{write_in, Base, Deferred};
use crate::{args, db, Store, StoreError};
use pmatlas_core::{NutsCode, Profile};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }
    fn parse(s: &str) -> Status {
        match s {
            "approved" => Status::Approved,
            "rejected" => Status::Rejected,
            _ => Status::Pending,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Submission {
    pub id: i64,
    pub code: String,
    pub based_on: Option<u32>,
    pub profile: Profile,
    pub status: Status,
    pub submitter: String,
    pub contact: Option<String>,
    pub comment: Option<String>,
    pub created_at: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub reason: Option<String>,
    /// The version approving it made.
    pub version: Option<u32>,
}

/// A pending submission whose stored profile does not read (a damaged row).
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub id: i64,
    pub code: String,
    pub submitter: String,
    pub created_at: String,
    pub why: String,
}

const COLUMNS: &str = "id, code, based_on, profile_json, status, submitter, contact, comment, created_at, reviewed_by, reviewed_at, reason, version";

fn from_row(mut r: Row) -> Result<(Submission, String), StoreError> {
    let json = r.take_text(3)?;
    Ok((
        Submission {
            id: r.get(0)?,
            code: r.get(1)?,
            based_on: r.get(2)?,
            profile: Profile::new(NutsCode::parse("XX").expect("a code"), pmatlas_core::Text::new("-").expect("text")),
            status: Status::parse(&r.get::<String>(4)?),
            submitter: r.get(5)?,
            contact: r.get(6)?,
            comment: r.get(7)?,
            created_at: r.get(8)?,
            reviewed_by: r.get(9)?,
            reviewed_at: r.get(10)?,
            reason: r.get(11)?,
            version: r.get(12)?,
        },
        json,
    ))
}

/// The submission a query finds, if any.
fn one(conn: &Conn, sql: &str, args: &[db::Value<'_>]) -> Result<Option<Submission>, StoreError> {
    conn.row(sql, args)?.map(|r| from_row(r).and_then(read)).transpose()
}

fn read(row: (Submission, String)) -> Result<Submission, StoreError> {
    let (mut s, json) = row;
    s.profile = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
        code: s.code.clone(),
        version: 0,
        message: format!("submission {}: {e}", s.id),
    })?;
    Ok(s)
}

impl Store {
    /// Stores a submission for review; returns its id and the token of its private status
    /// link (shown to the submitter once).
    pub fn submit(
        &mut self,
        profile: &Profile,
        based_on: Option<u32>,
        submitter: &str,
        contact: Option<&str>,
        comment: Option<&str>,
    ) -> Result<(i64, String), StoreError> {
        crate::version::within_limits(profile)?;
        let token = crate::users::new_token()?;
        let json = serde_json::to_string(profile).expect("a profile always serialises");
        let tx = self.conn.begin()?;
        let id: i64 = tx.one(
            "INSERT INTO submissions (code, based_on, profile_json, status, submitter, contact, comment, token_hash, created_at)
             VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6, ?7, ?8) RETURNING id",
            args![
                profile.code.as_str(),
                based_on,
                &json,
                submitter,
                contact,
                comment,
                &crate::users::token_hash(&token),
                &db::now(0)
            ],
        )?;
        tx.exec(
            "INSERT INTO audit (actor, action, code, detail) VALUES (?1, 'submit', ?2, ?3)",
            args![
                submitter,
                profile.code.as_str(),
                &format!("submission {id} on version {}", based_on.map_or("none".into(), |v| v.to_string()))
            ],
        )?;
        tx.commit()?;
        Ok((id, token))
    }

    pub fn submission(&self, id: i64) -> Result<Option<Submission>, StoreError> {
        one(&self.conn, &format!("SELECT {COLUMNS} FROM submissions WHERE id = ?1"), args![id])
    }

    /// The submission a status link's token opens.
    pub fn submission_by_token(&self, token: &str) -> Result<Option<Submission>, StoreError> {
        one(
            &self.conn,
            &format!("SELECT {COLUMNS} FROM submissions WHERE token_hash = ?1"),
            args![&crate::users::token_hash(token)],
        )
    }

    /// Submissions waiting for review, oldest first; those whose stored profile no longer
    /// reads are listed apart (one damaged row never hides the others).
    pub fn pending(&self) -> Result<(Vec<Submission>, Vec<Unreadable>), StoreError> {
        let rows =
            self.conn.rows(&format!("SELECT {COLUMNS} FROM submissions WHERE status = 'pending' ORDER BY id"), &[])?;
        let rows = rows.into_iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
        let (mut ok, mut bad) = (Vec::new(), Vec::new());
        for row in rows {
            let (id, code, submitter, created_at) =
                (row.0.id, row.0.code.clone(), row.0.submitter.clone(), row.0.created_at.clone());
            match read(row) {
                Ok(s) => ok.push(s),
                Err(e) => bad.push(Unreadable { id, code, submitter, created_at, why: e.to_string() }),
            }
        }
        Ok((ok, bad))
    }

    /// The latest submissions an account sent, newest first (at most `limit`), without their
    /// profiles: what an editor's account page lists.
    pub fn submissions_by(&self, submitter: &str, limit: usize) -> Result<Vec<Submission>, StoreError> {
        let rows = self.conn.rows(
            &format!("SELECT {COLUMNS} FROM submissions WHERE submitter = ?1 ORDER BY id DESC LIMIT ?2"),
            args![submitter, limit as i64],
        )?;
        rows.into_iter().map(|r| from_row(r).map(|(s, _)| s)).collect()
    }

    /// Approves a submission: publishes it (or `edited`, the curator's edit of it) as a new
    /// version. Made on an older version, it is merged with what changed since; a field
    /// both changed is a `MergeConflict` and nothing is written.
    pub fn approve(
        &mut self,
        id: i64,
        curator: &str,
        comment: Option<&str>,
        edited: Option<&Profile>,
    ) -> Result<u32, StoreError> {
        let tx = self.conn.begin()?;
        let s = one(&tx, &format!("SELECT {COLUMNS} FROM submissions WHERE id = ?1"), args![id])?
            .ok_or_else(|| StoreError::Auth(format!("there is no submission {id}")))?;
        if s.status != Status::Pending {
            return Err(StoreError::Auth(format!("submission {id} is already {}", s.status.as_str())));
        }
        let mine = edited.unwrap_or(&s.profile);
        let code = mine.code;
        let current = current_in(&tx, &code)?;
        let publish = if s.based_on == current {
            mine.clone()
        } else {
            match (s.based_on, current) {
                (Some(b), Some(c)) => {
                    let base = load_profile(&tx, code.as_str(), b)?;
                    let theirs = load_profile(&tx, code.as_str(), c)?;
                    pmatlas_core::publish::merge(&base, &theirs, mine).map_err(|fields| StoreError::MergeConflict {
                        code: code.to_string(),
                        submission: id,
                        based_on: b,
                        current: c,
                        fields: fields.iter().map(|f| f.to_string()).collect(),
                    })?
                }
                // Made for a new region that has a profile since: merged with nothing to lose
                // would be a guess; the curator edits it on the current version instead.
                (None, Some(c)) => {
                    return Err(StoreError::MergeConflict {
                        code: code.to_string(),
                        submission: id,
                        based_on: 0,
                        current: c,
                        fields: vec!["the whole profile (it was submitted for a new region)".into()],
                    })
                }
                _ => return Err(StoreError::NotFound { code: code.to_string(), version: None }),
            }
        };
        let note = format!(
            "submission {id} by {}, approved by {curator}{}",
            s.submitter,
            comment.filter(|c| !c.is_empty()).map(|c| format!(": {c}")).unwrap_or_default()
        );
        let w = Write {
            comment: Some(&note),
            source_ref: Some("survey"),
            replace: true,
            ..Write::new(&publish, current, &s.submitter, Source::Survey)
        };
        let written = write_in(&tx, &w, Base::Named, &mut Deferred::now())?;
        let version = written.outcome.version();
        tx.exec(
            "UPDATE submissions SET status = 'approved', reviewed_by = ?1, reviewed_at = ?5, reason = ?2, version = ?3 WHERE id = ?4",
            args![curator, comment, version, id, &db::now(0)],
        )?;
        tx.exec(
            "INSERT INTO audit (actor, action, code, detail) VALUES (?1, 'approve', ?2, ?3)",
            args![curator, code.as_str(), &format!("submission {id} → version {version}")],
        )?;
        tx.commit()?;
        Ok(version)
    }

    /// Rejects a submission with a reason the submitter sees.
    pub fn reject(&mut self, id: i64, curator: &str, reason: &str) -> Result<(), StoreError> {
        let tx = self.conn.begin()?;
        let n = tx.exec(
            "UPDATE submissions SET status = 'rejected', reviewed_by = ?1, reviewed_at = ?4, reason = ?2
             WHERE id = ?3 AND status = 'pending'",
            args![curator, reason, id, &db::now(0)],
        )?;
        if n == 0 {
            return Err(StoreError::Auth(format!("submission {id} is not waiting for review")));
        }
        let code: String = tx.one("SELECT code FROM submissions WHERE id = ?1", args![id])?;
        tx.exec(
            "INSERT INTO audit (actor, action, code, detail) VALUES (?1, 'reject', ?2, ?3)",
            args![curator, &code, &format!("submission {id}: {reason}")],
        )?;
        tx.commit()
    }
}

/// A saved survey form.
#[derive(Clone, Debug)]
pub struct Draft {
    pub code: Option<String>,
    pub based_on: Option<u32>,
    pub fields: Vec<(String, String)>,
    pub owner: String,
    pub updated_at: String,
}

impl Store {
    /// Saves a form as a draft, new (a new token is returned) or over the one `token` opens.
    pub fn save_draft(
        &mut self,
        token: Option<&str>,
        code: Option<&str>,
        based_on: Option<u32>,
        fields: &[(String, String)],
        owner: &str,
    ) -> Result<String, StoreError> {
        let json = serde_json::to_string(fields).expect("pairs serialise");
        if let Some(t) = token {
            let n = self.conn.exec(
                "UPDATE drafts SET fields_json = ?1, updated_at = ?3 WHERE token_hash = ?2",
                args![&json, &crate::users::token_hash(t), &db::now(0)],
            )?;
            if n == 1 {
                return Ok(t.to_string());
            }
        }
        let t = crate::users::new_token()?;
        self.conn.exec(
            "INSERT INTO drafts (token_hash, code, based_on, fields_json, owner, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            args![&crate::users::token_hash(&t), code, based_on, &json, owner, &db::now(0)],
        )?;
        Ok(t)
    }

    /// The draft a private link's token opens.
    pub fn draft(&self, token: &str) -> Result<Option<Draft>, StoreError> {
        let row = self.conn.row(
            "SELECT code, based_on, fields_json, owner, updated_at FROM drafts WHERE token_hash = ?1",
            args![&crate::users::token_hash(token)],
        )?;
        let Some(r) = row else { return Ok(None) };
        let json: String = r.get(2)?;
        Ok(Some(Draft {
            code: r.get(0)?,
            based_on: r.get(1)?,
            fields: serde_json::from_str(&json).unwrap_or_default(),
            owner: r.get(3)?,
            updated_at: r.get(4)?,
        }))
    }

    /// Removes a draft (once its form has been sent).
    pub fn delete_draft(&mut self, token: &str) -> Result<(), StoreError> {
        self.conn.exec("DELETE FROM drafts WHERE token_hash = ?1", args![&crate::users::token_hash(token)])?;
        Ok(())
    }
}
