//! `pmatlas users`: accounts, roles, regions, passwords and the audit log.

use std::io::BufRead;
use std::process::ExitCode;

use pmatlas_store::users::{random_password, Role};

use crate::error::CliError;
use crate::{open_store, read_store, UsersAction};

/// Who is acting, as the audit log records it.
fn actor() -> String {
    format!("cli:{}", std::env::var("USER").unwrap_or_else(|_| "unknown".into()))
}

/// The password to set: a line of standard input, or a new random one (shown once).
fn password(from_stdin: bool) -> Result<(String, bool), CliError> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Usage(format!("reading the password: {e}")))?;
        return Ok((line.trim_end_matches(['\n', '\r']).to_string(), false));
    }
    Ok((random_password()?, true))
}

fn role(s: &str) -> Result<Role, CliError> {
    Role::parse(s).ok_or_else(|| CliError::Usage(format!("{s}: a role is admin, curator or editor")))
}

fn code(s: &str) -> Result<pmatlas_core::NutsCode, CliError> {
    pmatlas_core::NutsCode::parse(&s.to_ascii_uppercase())
        .map_err(|_| CliError::Usage(format!("{s} is not a NUTS code")))
}

pub fn run(db: &pmatlas_store::Location, action: UsersAction) -> Result<ExitCode, CliError> {
    let who = actor();
    match action {
        UsersAction::Add { name, role: r, regions, password_stdin } => {
            let codes = regions.iter().map(|c| code(c)).collect::<Result<Vec<_>, _>>()?;
            let (pw, made) = password(password_stdin)?;
            let mut store = open_store(db)?;
            let u = store.add_user(&who, &name, role(&r)?, &pw)?;
            for c in &codes {
                store.assign(&who, &name, c, true)?;
            }
            outln!(
                "added {} ({}){}",
                u.name,
                u.role.as_str(),
                if codes.is_empty() { String::new() } else { format!(", regions {}", regions.join(", ")) }
            );
            if made {
                outln!("password (shown once, give it to them safely): {pw}");
            }
        }
        UsersAction::List => {
            let store = read_store(db)?;
            for u in store.users()? {
                outln!(
                    "{}\t{}{}\t{}\tsince {}",
                    u.name,
                    u.role.as_str(),
                    if u.trusted { " (trusted)" } else { "" },
                    if u.regions.is_empty() { "-".to_string() } else { u.regions.join(",") },
                    u.created_at
                );
            }
        }
        UsersAction::SetRole { name, role: r } => {
            open_store(db)?.set_role(&who, &name, role(&r)?)?;
            outln!("{name} is now {r}");
        }
        UsersAction::Assign { name, code: c, remove } => {
            let c = code(&c)?;
            open_store(db)?.assign(&who, &name, &c, !remove)?;
            outln!("{name} {} {c}", if remove { "may no longer edit" } else { "may edit" });
        }
        UsersAction::Trust { name, no } => {
            open_store(db)?.set_trusted(&who, &name, !no)?;
            outln!("{name}'s submissions {}", if no { "go through review" } else { "publish without review" });
        }
        UsersAction::ResetPassword { name, password_stdin } => {
            let (pw, made) = password(password_stdin)?;
            open_store(db)?.reset_password(&who, &name, &pw)?;
            outln!("{name} has a new password; their sessions have ended");
            if made {
                outln!("password (shown once, give it to them safely): {pw}");
            }
        }
        UsersAction::Remove { name } => {
            open_store(db)?.remove_user(&who, &name)?;
            outln!("removed {name}");
        }
        UsersAction::Audit { limit, csv } => {
            let rows = read_store(db)?.audit_log(limit)?;
            if csv {
                let table = pmatlas_store::export::Table {
                    name: "Audit",
                    header: ["at", "actor", "action", "region", "detail"].iter().map(|s| s.to_string()).collect(),
                    rows: rows.into_iter().map(|(a, b, c, d, e)| vec![a, b, c, d, e]).collect(),
                };
                let mut out = Vec::new();
                pmatlas_store::export::write_csv(&table, &mut out).map_err(|e| CliError::Usage(e.to_string()))?;
                out!("{}", String::from_utf8_lossy(&out));
            } else {
                for (at, actor, action, code, detail) in rows {
                    outln!("{at}\t{actor}\t{action}\t{code}\t{detail}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
