//! What a command prints when it fails: one sentence saying what is wrong and how to fix it.

use std::fmt;

use tonle_domain::Invalid;
use tonle_domain::language::Language;
use tonle_store::StoreError;

#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub type CliResult<T = ()> = Result<T, Failure>;

pub fn fail<T>(message: impl Into<String>) -> CliResult<T> {
    Err(Failure(message.into()))
}

impl From<crate::config::ConfigError> for Failure {
    fn from(e: crate::config::ConfigError) -> Self {
        Failure(e.0)
    }
}

impl From<Invalid> for Failure {
    fn from(e: Invalid) -> Self {
        // Name what the person typed on the command line, not the form field behind it.
        let what = match e.field {
            "username" => "The user name",
            "display_name" => "--name",
            "display_name_km" => "--name-km",
            "name" => "The name",
            "name_km" => "--name-km",
            "password" => "The password",
            "place" => "--place",
            other => other,
        };
        let message = match e.key {
            "error-place-unknown" => "no place in the gazetteer has this code.".to_owned(),
            key => tonle_web::i18n::tr(Language::En, key),
        };
        Failure(format!("{what}: {message}"))
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(invalid) => invalid.into(),
            StoreError::Conflict(key) => Failure(tonle_web::i18n::tr(Language::En, key)),
            StoreError::NotFound => Failure("That record does not exist.".into()),
            StoreError::Connect(reason) => Failure(format!("Cannot open the database: {reason}.")),
            other => Failure(format!(
                "The database reported an error: {other}. Run `tonle check` to diagnose."
            )),
        }
    }
}
