//! Accounts, roles, the regions an editor may edit, and the audit log; what a session is
//! (`sessions.rs` logs in and out and throttles). Passwords are hashed with argon2id; a
//! session's token is random (256 bits) and only its hash is stored. Every change here is
//! written to the audit log.

use crate::{args, db, Store, StoreError};
use pmatlas_core::NutsCode;

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages accounts (and may do what a curator does).
    Admin,
    /// Reviews submissions and edits any region.
    Curator,
    /// Edits and submits for the regions assigned to them.
    Editor,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "curator" => Some(Role::Curator),
            "editor" => Some(Role::Editor),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Curator => "curator",
            Role::Editor => "editor",
        }
    }

    /// Reviews submissions and edits every region.
    pub fn curates(self) -> bool {
        matches!(self, Role::Admin | Role::Curator)
    }
}

/// An account as the application sees it (never its password hash).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// An editor whose submissions publish without review.
    pub trusted: bool,
    /// The regions an editor may edit.
    pub regions: Vec<String>,
    pub created_at: String,
}

impl User {
    /// Whether this account may edit a region (without review only if it curates or is trusted).
    pub fn may_edit(&self, code: &NutsCode) -> bool {
        self.role.curates() || self.regions.iter().any(|r| r == code.as_str())
    }
}

/// A logged-in session: its user and the token forms must echo (CSRF).
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: String,
}

/// An entry of the audit log: (time, actor, action, region, detail).
pub type AuditRow = (String, String, String, String, String);

/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;
/// Failed logins allowed per account and per address within [`THROTTLE_MINUTES`]; past
/// them, logins for that account or from that address wait until the window has passed.
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_MINUTES: i64 = 15;
/// The shortest password an account may have.
pub const MIN_PASSWORD: usize = 12;

pub(crate) fn random_hex(bytes: usize) -> Result<String, StoreError> {
    let mut b = vec![0u8; bytes];
    getrandom::fill(&mut b).map_err(|e| StoreError::Auth(format!("no randomness from the system: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// A random 256-bit token, as hex (sessions, CSRF).
pub fn new_token() -> Result<String, StoreError> {
    random_hex(32)
}

/// A new random password (for `users add` and `reset-password` when none is given).
pub fn random_password() -> Result<String, StoreError> {
    random_hex(12)
}

pub(crate) fn hash_password(password: &str) -> Result<String, StoreError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Auth(format!("no randomness from the system: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Auth(e.to_string()))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Auth(e.to_string()))
}

pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A keyed digest (BLAKE2b of the key and the message: no length extension), as hex.
pub(crate) fn mac(key: &str, message: &str) -> String {
    use blake2::{Blake2b512, Digest};
    let mut h = Blake2b512::new();
    h.update(key.as_bytes());
    h.update(b"\0");
    h.update(message.as_bytes());
    h.finalize().iter().take(16).map(|x| format!("{x:02x}")).collect()
}

/// A time signed with `key`: `SECONDS.MAC` (the survey's fill-time stamp).
pub fn stamp(key: &str, secs: u64) -> String {
    format!("{secs}.{}", mac(key, &secs.to_string()))
}

/// The time a stamp signed with `key` holds; `None` for one not made with the key.
pub fn stamped_time(key: &str, stamp: &str) -> Option<u64> {
    let (secs, tag) = stamp.split_once('.')?;
    let secs: u64 = secs.parse().ok()?;
    let want = mac(key, &secs.to_string());
    // Compared in time that does not depend on where they differ.
    let same = want.len() == tag.len() && want.bytes().zip(tag.bytes()).fold(0u8, |a, (x, y)| a | (x ^ y)) == 0;
    same.then_some(secs)
}

impl Store {
    /// The database's secret of this name, made (random, 256 bits) the first time it is asked
    /// for; on a database that cannot be written, a random one for this process.
    pub fn secret(&mut self, name: &str) -> Result<String, StoreError> {
        let fresh = new_token()?;
        if let Err(e) = self
            .conn
            .exec("INSERT INTO secrets (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING", args![name, &fresh])
        {
            return if e.is_read_only() { Ok(fresh) } else { Err(e) };
        }
        self.conn.one("SELECT value FROM secrets WHERE name = ?1", args![name])
    }
}

pub(crate) fn token_hash(token: &str) -> String {
    use blake2::{Blake2b512, Digest};
    Blake2b512::digest(token.as_bytes()).iter().map(|x| format!("{x:02x}")).collect()
}

pub(crate) fn check_name(name: &str) -> Result<(), StoreError> {
    let ok =
        !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Auth(format!("{name:?} is not an account name: 1 to 64 letters, digits, '.', '_', '-' or '@'")))
    }
}

/// Words that make a password guessable here (NIST SP 800-63B: context-specific words).
const CONTEXT: &[&str] = &["pmatlas", "atlas", "observatory", "saphire", "personalised", "medicine", "region"];

/// A password as NIST SP 800-63B asks: at least [`MIN_PASSWORD`] characters, and not common,
/// repetitive, sequential or made of the account's name or the site's words (zxcvbn's estimate
/// of the guesses it takes: at least 10^10, "safely unguessable" online).
pub fn check_password(name: &str, password: &str) -> Result<(), StoreError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(StoreError::Auth(format!("a password has at least {MIN_PASSWORD} characters")));
    }
    let mut context: Vec<&str> = CONTEXT.to_vec();
    context.push(name);
    // The site's words or the account's name with a few characters around them.
    let mut rest = password.to_lowercase();
    for w in &context {
        rest = rest.replace(&w.to_lowercase(), "");
    }
    if rest.chars().count() < 8 {
        return Err(StoreError::Auth(
            "that password is too easy to guess (it is mostly the account's name or the site's words): \
             use a longer phrase of unrelated words"
                .into(),
        ));
    }
    let estimate = zxcvbn::zxcvbn(password, &context);
    if (estimate.score() as u8) < 3 {
        let why = estimate
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .unwrap_or_else(|| "it is too easy to guess".into());
        return Err(StoreError::Auth(format!(
            "that password is too easy to guess ({}): use a longer phrase of unrelated words",
            why.trim_end_matches('.').to_lowercase()
        )));
    }
    Ok(())
}

impl Store {
    /// Adds an entry to the audit log (append-only).
    pub fn audit(&self, actor: &str, action: &str, code: Option<&str>, detail: &str) -> Result<(), StoreError> {
        self.conn.exec(
            "INSERT INTO audit (actor, action, code, detail) VALUES (?1, ?2, ?3, ?4)",
            args![actor, action, code, detail],
        )?;
        Ok(())
    }

    /// Adds an account. The first administrator is made this way, from the command line:
    /// there is no default account and no default password.
    pub fn add_user(&mut self, actor: &str, name: &str, role: Role, password: &str) -> Result<User, StoreError> {
        check_name(name)?;
        check_password(name, password)?;
        let hash = hash_password(password)?;
        let done = self.conn.exec(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            args![name, role.as_str(), &hash, &db::now(0)],
        );
        if let Err(e) = &done {
            if e.is_unique_violation() {
                return Err(StoreError::Auth(format!("there is already an account {name:?}")));
            }
        }
        done?;
        self.audit(actor, "add user", None, &format!("{name} ({})", role.as_str()))?;
        self.user(name)?.ok_or_else(|| StoreError::Auth(format!("{name} was not stored")))
    }

    /// An account by name.
    pub fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let row =
            self.conn.row("SELECT id, name, role, trusted, created_at FROM users WHERE name = ?1", args![name])?;
        let Some(r) = row else { return Ok(None) };
        let (id, name, role, trusted, created_at): (i64, String, String, i64, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let regions = self
            .conn
            .rows("SELECT code FROM user_regions WHERE user_id = ?1 ORDER BY code", args![id])?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<Vec<String>, _>>()?;
        let role = Role::parse(&role).ok_or_else(|| StoreError::Auth(format!("{name} has an unknown role {role}")))?;
        Ok(Some(User { id, name, role, trusted: trusted != 0, regions, created_at }))
    }

    pub(crate) fn existing(&self, name: &str) -> Result<User, StoreError> {
        self.user(name)?.ok_or_else(|| StoreError::Auth(format!("there is no account {name:?}")))
    }

    /// Every account, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let names = self
            .conn
            .rows("SELECT name FROM users ORDER BY name", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<Vec<String>, _>>()?;
        names.iter().map(|n| self.existing(n)).collect()
    }

    pub fn set_role(&mut self, actor: &str, name: &str, role: Role) -> Result<(), StoreError> {
        let u = self.existing(name)?;
        self.keep_an_admin(&u, Some(role))?;
        self.conn.exec("UPDATE users SET role = ?1 WHERE id = ?2", args![role.as_str(), u.id])?;
        self.audit(actor, "set role", None, &format!("{name}: {} → {}", u.role.as_str(), role.as_str()))
    }

    /// Marks an editor trusted (their submissions publish without review) or not.
    pub fn set_trusted(&mut self, actor: &str, name: &str, trusted: bool) -> Result<(), StoreError> {
        let u = self.existing(name)?;
        self.conn.exec("UPDATE users SET trusted = ?1 WHERE id = ?2", args![trusted as i64, u.id])?;
        self.audit(actor, if trusted { "trust user" } else { "untrust user" }, None, name)
    }

    /// Gives an account a region to edit (or takes it away).
    pub fn assign(&mut self, actor: &str, name: &str, code: &NutsCode, assigned: bool) -> Result<(), StoreError> {
        let u = self.existing(name)?;
        if assigned {
            self.conn.exec(
                "INSERT INTO user_regions (user_id, code) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                args![u.id, code.as_str()],
            )?;
        } else {
            self.conn.exec("DELETE FROM user_regions WHERE user_id = ?1 AND code = ?2", args![u.id, code.as_str()])?;
        }
        self.audit(actor, if assigned { "assign region" } else { "unassign region" }, Some(code.as_str()), name)
    }

    /// Sets a new password; every session of the account ends.
    pub fn reset_password(&mut self, actor: &str, name: &str, password: &str) -> Result<(), StoreError> {
        check_password(name, password)?;
        let u = self.existing(name)?;
        let hash = hash_password(password)?;
        self.conn.exec("UPDATE users SET password_hash = ?1 WHERE id = ?2", args![&hash, u.id])?;
        self.conn.exec("DELETE FROM sessions WHERE user_id = ?1", args![u.id])?;
        self.audit(actor, "reset password", None, name)
    }

    /// Removes an account and its sessions (what it did stays in the versions and the audit log).
    pub fn remove_user(&mut self, actor: &str, name: &str) -> Result<(), StoreError> {
        let u = self.existing(name)?;
        self.keep_an_admin(&u, None)?;
        self.conn.exec("DELETE FROM sessions WHERE user_id = ?1", args![u.id])?;
        self.conn.exec("DELETE FROM user_regions WHERE user_id = ?1", args![u.id])?;
        self.conn.exec("DELETE FROM users WHERE id = ?1", args![u.id])?;
        self.audit(actor, "remove user", None, name)
    }

    /// Refuses to leave the site without an administrator.
    fn keep_an_admin(&self, u: &User, new_role: Option<Role>) -> Result<(), StoreError> {
        if u.role != Role::Admin || new_role == Some(Role::Admin) {
            return Ok(());
        }
        let admins: i64 = self.conn.one("SELECT count(*) FROM users WHERE role = 'admin'", &[])?;
        if admins <= 1 {
            return Err(StoreError::Auth(format!("{} is the last administrator: make another one first", u.name)));
        }
        Ok(())
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self.conn.rows(
            "SELECT at, actor, action, coalesce(code, ''), coalesce(detail, '') FROM audit ORDER BY id DESC LIMIT ?1",
            args![limit as i64],
        )?;
        rows.iter().map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).collect()
    }
}
