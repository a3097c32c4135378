//! Logging in and out: server-side sessions (12 hours; ended at logout or by a new
//! password), and throttling of failed logins per account and per address, which also
//! limits visitors' submissions (`rate_hit`). Both live in the database, so several
//! servers on one database share them.

use crate::users::{
    check_password, hash_password, random_hex, token_hash, verify_password, Session, MAX_FAILURES, SESSION_HOURS,
    THROTTLE_MINUTES,
};
use crate::{args, db, Store, StoreError};

impl Store {
    /// Failed logins for a key within the throttling window.
    fn recent_failures(&self, key: &str) -> Result<i64, StoreError> {
        self.conn.one(
            "SELECT count(*) FROM login_failures WHERE key = ?1 AND at > ?2",
            args![key, &db::now(-THROTTLE_MINUTES * 60)],
        )
    }

    /// Logs in: a new session for the right password, unless the account or the address has
    /// failed too often lately (then `Throttled`, even for the right password). Every
    /// attempt is in the audit log.
    pub fn login(&mut self, name: &str, password: &str, addr: &str) -> Result<(String, Session), StoreError> {
        let (user_key, addr_key) = (format!("user:{name}"), format!("addr:{addr}"));
        if self.recent_failures(&user_key)? >= MAX_FAILURES || self.recent_failures(&addr_key)? >= MAX_FAILURES {
            self.audit(name, "login throttled", None, addr)?;
            return Err(StoreError::Throttled(THROTTLE_MINUTES));
        }
        let hash: Option<String> = self.conn.opt("SELECT password_hash FROM users WHERE name = ?1", args![name])?;
        // An unknown account costs a hash too, so that timing does not tell which exist.
        let ok = match &hash {
            Some(h) => verify_password(password, h),
            None => {
                static DUMMY: std::sync::LazyLock<String> =
                    std::sync::LazyLock::new(|| hash_password("no such account, no such password").unwrap_or_default());
                let _ = verify_password(password, &DUMMY);
                false
            }
        };
        if !ok {
            self.conn.exec(
                "INSERT INTO login_failures (key, at) VALUES (?1, ?3), (?2, ?3)",
                args![&user_key, &addr_key, &db::now(0)],
            )?;
            self.audit(name, "login failed", None, addr)?;
            return Err(StoreError::Auth("wrong account name or password".into()));
        }
        let user = self.existing(name)?;
        let token = random_hex(32)?;
        let csrf = random_hex(32)?;
        self.conn.exec(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![&token_hash(&token), user.id, &csrf, &db::now(0), &db::now(SESSION_HOURS * 3600)],
        )?;
        self.conn.exec("DELETE FROM login_failures WHERE key = ?1", args![&user_key])?;
        self.audit(name, "login", None, addr)?;
        let session = self.session(&token)?.ok_or_else(|| StoreError::Auth("the session was not stored".into()))?;
        Ok((token, session))
    }

    /// The session of a token, if it exists and has not expired.
    pub fn session(&self, token: &str) -> Result<Option<Session>, StoreError> {
        let row = self.conn.row(
            "SELECT u.name, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2",
            args![&token_hash(token), &db::now(0)],
        )?;
        let Some(r) = row else { return Ok(None) };
        let (name, csrf, expires_at): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        Ok(self.user(&name)?.map(|user| Session { user, csrf, expires_at }))
    }

    /// A signed-in account changes its own password: the current one is asked for (a wrong
    /// one counts as a failed login), and every other session of the account ends.
    pub fn change_password(&mut self, token: &str, current: &str, new: &str, addr: &str) -> Result<(), StoreError> {
        let Some(s) = self.session(token)? else { return Err(StoreError::Auth("the session has ended".into())) };
        let name = s.user.name;
        let user_key = format!("user:{name}");
        if self.recent_failures(&user_key)? >= MAX_FAILURES {
            return Err(StoreError::Throttled(THROTTLE_MINUTES));
        }
        let hash: String = self.conn.one("SELECT password_hash FROM users WHERE name = ?1", args![&name])?;
        if !verify_password(current, &hash) {
            self.conn.exec("INSERT INTO login_failures (key, at) VALUES (?1, ?2)", args![&user_key, &db::now(0)])?;
            self.audit(&name, "password change refused", None, addr)?;
            return Err(StoreError::Auth("the current password is not right".into()));
        }
        check_password(&name, new)?;
        let hash = hash_password(new)?;
        self.conn.exec("UPDATE users SET password_hash = ?1 WHERE name = ?2", args![&hash, &name])?;
        self.conn.exec(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1) AND token_hash != ?2",
            args![&name, &token_hash(token)],
        )?;
        self.audit(&name, "change password", None, addr)
    }

    /// Ends a session (and clears expired ones).
    pub fn logout(&mut self, token: &str) -> Result<(), StoreError> {
        if let Some(s) = self.session(token)? {
            self.audit(&s.user.name, "logout", None, "")?;
        }
        self.conn.exec(
            "DELETE FROM sessions WHERE token_hash = ?1 OR expires_at <= ?2",
            args![&token_hash(token), &db::now(0)],
        )?;
        Ok(())
    }

    /// Counts an event under a key (a visitor's submission from an address) and says
    /// whether it is allowed: at most `max` within `minutes`.
    pub fn rate_hit(&mut self, key: &str, max: i64, minutes: i64) -> Result<bool, StoreError> {
        let recent: i64 = self.conn.one(
            "SELECT count(*) FROM login_failures WHERE key = ?1 AND at > ?2",
            args![key, &db::now(-minutes * 60)],
        )?;
        if recent >= max {
            return Ok(false);
        }
        self.conn.exec("INSERT INTO login_failures (key, at) VALUES (?1, ?2)", args![key, &db::now(0)])?;
        Ok(true)
    }
}
