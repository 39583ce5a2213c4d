use std::io::BufRead;

use tonle_domain::accounts::{DisplayName, NewPassword, Username};
use tonle_domain::ids::UserId;
use tonle_domain::roles::Role;
use tonle_protect::secrets;
use tonle_store::Store;
use tonle_store::audit::{Actor, Event};
use tonle_store::users::NewUser;

use crate::cli::{PasswordSource, UserCommand};
use crate::commands::{open_store, require_data_dir};
use crate::config::Settings;
use crate::failure::{CliResult, Failure, fail};

pub async fn run(settings: Settings, command: UserCommand) -> CliResult {
    require_data_dir(&settings)?;
    let store = open_store(&settings).await?;
    let result = dispatch(&store, command).await;
    store.close().await?;
    result
}

async fn dispatch(store: &Store, command: UserCommand) -> CliResult {
    match command {
        UserCommand::Add(add) => {
            let username = Username::parse(&add.username)?;
            let name = DisplayName::parse(&add.name, &add.name_km)?;
            let Some(role) = Role::from_code(&add.role) else {
                let known: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
                return fail(format!(
                    "\"{}\" is not a role; use one of: {}.",
                    add.role,
                    known.join(", ")
                ));
            };
            let Some(org) = store.find_organisation(&add.org).await? else {
                return fail(format!(
                    "No organisation is called \"{}\" or has that id. See `tonle org list`.",
                    add.org
                ));
            };
            if role == Role::NetworkAdmin && !org.is_network {
                return fail(format!(
                    "\"{}\" is not a network; a network administrator belongs to a network.",
                    org.name
                ));
            }
            let (password, generated) = password(&add.password, username.as_str())?;
            let user = store
                .create_user(NewUser {
                    username: &username,
                    name: &name,
                    password: &password,
                    org: org.id,
                    role,
                    language: None,
                })
                .await?;
            let event = Event::new("user.create")
                .on("user", user.id.0, org.id)
                .fields(&["username", "name", "role"]);
            store.audit(&Actor::console(), &event).await?;
            println!(
                "added user {} ({}) as {} in {}",
                user.username,
                user.display_name,
                role.code(),
                org.name
            );
            if generated {
                println!("password: {}", password.expose());
            }
        }
        UserCommand::Passwd {
            username,
            password: source,
        } => {
            let user = find(store, &username).await?;
            let (password, generated) = password(&source, &user.username)?;
            store.set_password(user.id, &password).await?;
            audit_user(store, "user.password-set", user.id).await?;
            println!(
                "password changed for {}; their sessions were ended",
                user.username
            );
            if generated {
                println!("password: {}", password.expose());
            }
        }
        UserCommand::ResetLink { username } => {
            let user = find(store, &username).await?;
            if user.disabled {
                return fail(format!(
                    "{} is disabled; enable them first with `tonle user enable {}`.",
                    user.username, user.username
                ));
            }
            let now = chrono::Utc::now();
            let token = store.create_password_reset(user.id, None, now).await?;
            audit_user(store, "user.reset-link", user.id).await?;
            // The same path the web app makes (`tonle-web/src/resets.rs`).
            println!("reset link: /reset?token={token}");
            println!(
                "Open it on this server's address (for example https://HOST/reset?token=…) before {} UTC; it works once. Any earlier link for {} no longer works.",
                (now + tonle_store::password_resets::RESET_LIFETIME).format("%Y-%m-%d %H:%M"),
                user.username
            );
        }
        UserCommand::Enable { username } => {
            let user = find(store, &username).await?;
            store.set_disabled(user.id, false).await?;
            audit_user(store, "user.enable", user.id).await?;
            println!("{} is enabled", user.username);
        }
        UserCommand::Disable { username, enable } => {
            let user = find(store, &username).await?;
            store.set_disabled(user.id, !enable).await?;
            let action = if enable {
                "user.enable"
            } else {
                "user.disable"
            };
            audit_user(store, action, user.id).await?;
            let state = if enable {
                "enabled"
            } else {
                "disabled; their sessions were ended"
            };
            println!("{} is {state}", user.username);
        }
        UserCommand::List => {
            println!("{:<24}  {:<9}  {:<28}  roles", "username", "status", "name");
            for (user, memberships) in store.all_users().await? {
                let roles: Vec<String> = memberships
                    .iter()
                    .map(|m| format!("{}@{}", m.role.code(), m.org_name))
                    .collect();
                let status = if user.disabled { "disabled" } else { "active" };
                println!(
                    "{:<24}  {:<9}  {:<28}  {}",
                    user.username,
                    status,
                    user.display_name,
                    roles.join(", ")
                );
            }
        }
    }
    Ok(())
}

/// Records what the command line did to an account.
async fn audit_user(store: &Store, action: &str, user: UserId) -> CliResult {
    let event = Event::new(action).about("user", user.0);
    Ok(store.audit(&Actor::console(), &event).await?)
}

async fn find(store: &Store, username: &str) -> CliResult<tonle_store::users::User> {
    store.user_by_name(username).await?.ok_or_else(|| {
        Failure(format!(
            "No user is called \"{username}\". See `tonle user list`."
        ))
    })
}

/// The password from standard input, or a generated one (and whether it was generated).
fn password(source: &PasswordSource, username: &str) -> CliResult<(NewPassword, bool)> {
    if source.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Failure(format!(
                "Cannot read the password from standard input: {e}."
            ))
        })?;
        let text = line.trim_end_matches(['\n', '\r']);
        Ok((NewPassword::parse_for(text, username)?, false))
    } else {
        Ok((NewPassword::parse(&secrets::generated_password())?, true))
    }
}
